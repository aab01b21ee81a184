//! Build script: rebuild when the embedded datasets or the grammar change.

fn main() {
    // The datasets are compiled into the binary (include_dir): rebuild when they change.
    println!("cargo:rerun-if-changed=datasets");
    println!("cargo:rerun-if-changed=grammar");
}

//! Typed indices into the model's tables: a `CategoryIx` can never be used as a `PartyIx`.

macro_rules! index_types {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
        )]
        pub struct $name(pub u32);

        impl $name {
            /// The index as a `usize`, for slicing.
            pub fn ix(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}

index_types!(
    /// An organisation (controller).
    OrgIx,
    /// A source notice.
    NoticeIx,
    /// A service (processing activity).
    ServiceIx,
    /// An external party.
    PartyIx,
    /// A storage system.
    SystemIx,
    /// A personal-data category.
    CategoryIx,
    /// A data-subject category.
    SubjectIx,
    /// A purpose.
    PurposeIx,
    /// A party type.
    PartyTypeIx,
    /// A lawful basis.
    BasisIx,
    /// An Act or instrument.
    LegislationIx,
    /// A data-subject right.
    RightIx,
    /// A flow.
    FlowIx,
    /// An interned text: a quote or a condition (notices repeat a sentence for many flows).
    TextIx,
    /// An interned set of categories (most flows share one of a few hundred sets).
    CategorySet,
    /// An interned set of lawful bases.
    BasisSet,
    /// An interned set of purposes.
    PurposeSet,
);

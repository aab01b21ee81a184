recipients wher org = a

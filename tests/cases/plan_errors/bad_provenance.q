flows where provenance = maybe

recipients where

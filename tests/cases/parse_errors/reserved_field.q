recipients show where

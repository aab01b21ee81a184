recipients show a,

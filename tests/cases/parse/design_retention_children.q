retention where subject in children order by duration desc

-- The five notices.
notices order by notice

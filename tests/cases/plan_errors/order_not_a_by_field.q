count flows by org order by category desc

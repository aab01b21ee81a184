retention order by lenght desc

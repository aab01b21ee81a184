count flows by organisaton

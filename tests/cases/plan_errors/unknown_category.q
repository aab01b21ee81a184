recipients where category in helth

recipients where category in

recipients where category > health

recipients where category is speshal

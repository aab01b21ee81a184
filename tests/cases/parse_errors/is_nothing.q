flows where category is

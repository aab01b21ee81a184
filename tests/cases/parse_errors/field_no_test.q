flows where category

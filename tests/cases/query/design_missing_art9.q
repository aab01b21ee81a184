-- 002 and 001 collect special category data and cite no Art. 9 condition.
services where category is special and missing basis in art 9

flows where category in (health, mental-health) and subject not in children and purpose in "Fraud prevention"

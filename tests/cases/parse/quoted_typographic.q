recipients where recipient = “Cheshire Police”

recipients where recipient = "Merseyside Police"

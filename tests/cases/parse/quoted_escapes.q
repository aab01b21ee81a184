recipients where recipient = "The \"Hub\" \\ team"

explain explain recipients

recipients where org = "Cyngor Sir Ynys Môn" and recipient = café

recipients limit -1

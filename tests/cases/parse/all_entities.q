count notices

bases where basis = "Article 9 Part h"

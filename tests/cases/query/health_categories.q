-- Categories within health collected by each service (hierarchy: physical, mental, disability).
categories where category in health show category, org, service order by org

-- Which partners get health data under Art. 9(2)(h)? Checked against 000 (13 bullets, 28
-- recipients, "Article 9 Part h" cited for the service) and 003 (fraud prevention agencies).
recipients where category in health and basis = art 9(2)(h) show recipient, org, service

-- Flows whose purposes the notice states for that recipient: fraud prevention agencies
-- (001 and 003: "to prevent fraud and money-laundering and to verify your identity").
recipients where purpose is stated show recipient, purpose, service

recipients show recipient, partytype

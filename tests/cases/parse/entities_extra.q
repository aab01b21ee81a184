parties where type = police

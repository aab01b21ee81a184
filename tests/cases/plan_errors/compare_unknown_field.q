compare partnr across cheshire-west, cheshire-east

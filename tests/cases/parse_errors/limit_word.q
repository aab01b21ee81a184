recipients limit x

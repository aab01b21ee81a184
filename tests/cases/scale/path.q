path from council-0001 to department-for-work-and-pensions max 2

cout flows

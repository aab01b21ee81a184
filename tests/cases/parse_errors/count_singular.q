count flow

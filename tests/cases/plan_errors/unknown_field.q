recipients where categroy in health

"""The pages, one module per page family: accounts, rounds (office), entry (units), public."""

"""Ward recorded crime: the police file and its offence groups."""

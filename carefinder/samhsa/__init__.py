"""Import SAMHSA's National Directory and FindTreatment.gov exports as records."""

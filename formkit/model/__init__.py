"""The form model: each schema read once into a field tree, with its presentation and casework; every other step asks it."""

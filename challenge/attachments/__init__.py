"""Files of challenges and solutions: documents, images and covers (issue 29)."""

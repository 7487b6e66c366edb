"""The portal's face: the site's name and texts from configuration, in the
reader's language."""

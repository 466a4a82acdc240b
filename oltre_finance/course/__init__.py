"""The Riequilibriamoci course: what lessons show (:mod:`.lesson`) and the course build (:mod:`.build`)."""

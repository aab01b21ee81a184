flows where category is special and category is not criminal and provenance is stated or provenance is implied

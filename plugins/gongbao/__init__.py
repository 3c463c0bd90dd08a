"""gongbao: publish a government gazette and its policy interpretations as a static site."""

"""The browser display (`/screen/{label}`): a TV's browser shows the board the server
renders and plays the calls the server speaks."""

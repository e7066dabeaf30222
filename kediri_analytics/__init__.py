"""kediri-analytics: merit-system analytics and reports for Indonesian civil-service agencies."""

__version__ = "0.1.0"

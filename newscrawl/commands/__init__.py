"""Project commands (``COMMANDS_MODULE``): they take the place of Scrapy's commands of the same name."""

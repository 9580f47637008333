"""The reporting conversation's front end in the chat, in two parts: ``cards`` (what is shown) and
``handlers`` (the PTB handlers, thin); the conversation's rules and state are ``actions.reporting``."""

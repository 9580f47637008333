# Choosers (bot/choosers.py): a list of programs or departments to pick one from, in pages, searched by letters.
# Under a list that passes a page:
chooser-hint = … або напишіть кілька літер назви.
chooser-button-search = 🔎 Пошук
chooser-button-all = Усі
# «Пошук» pressed: how to search
chooser-search-how = Напишіть кілька літер назви — покажу ті, що їх містять.
# A search's result; $letters: what was typed, $count: how many names hold it
chooser-found = Знайдено { $count } за «{ $letters }».
chooser-found-none = Нічого не знайдено за «{ $letters }». Спробуйте інші літери або виберіть зі списку вище.

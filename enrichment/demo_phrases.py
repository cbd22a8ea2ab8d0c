"""Phrase banks of the demo data generator (:mod:`enrichment.demo_data`): real sentences in five languages.

Everything a user or an assistant of the fictional company *Velora* says comes from here: per assistant,
per intent and per language several paraphrases of the question ("ask") and of a good answer ("answer"),
plus the conversational moves shared by all assistants (rephrase prefixes, frustration, thanks, requests
for a person, hand-off acknowledgements, fallbacks) and the PII sentences. Templates use
``str.format_map`` slots (``{month}``, ``{order_id}``...) that the generator fills per conversation;
templates never contain literal braces (code with braces travels inside slot values).

Languages: ``en``, ``es``, ``pt`` (Brazilian usage), ``fr``, ``de``. Internal assistants address employees
informally (``tu``/``du``), as Velora's style guide asks.
"""

from __future__ import annotations

LANGUAGES = ("en", "es", "pt", "fr", "de")

# ----------------------------------------------------------------------------------------------------------
# Conversational moves shared by every assistant.
# ----------------------------------------------------------------------------------------------------------
COMMON: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "greeting": ("Hi! ", "Hello, ", "Hey, ", "Good morning! ", "Hi there, "),
        "rephrase_prefix": (
            "I mean: ",
            "Let me rephrase. ",
            "No, what I'm asking is: ",
            "Sorry, I'll try again. ",
            "To be clear: ",
            "",
            "",
            "",
        ),
        "frustration": (
            "That's wrong.",
            "That's not what I asked.",
            "Useless!!",
            "This doesn't answer my question at all.",
            "THAT IS NOT WHAT I ASKED",
            "Are you even reading my messages?",
            "NO. READ MY QUESTION AGAIN.",
            "This is a waste of time.",
            "Wrong again...",
            "ugh, forget it",
        ),
        "thanks": (
            "Thanks, that worked!",
            "Perfect, thank you!",
            "Great, that's exactly what I needed.",
            "Got it, thanks a lot.",
            "That did it, thanks!",
            "Awesome, thank you so much!",
            "ok thanks, all sorted",
            "Thank you, very helpful.",
        ),
        "thanks_reply": (
            "You're welcome! Let me know if there's anything else I can help with.",
            "Glad I could help! Have a great day.",
            "Happy to help. Anything else?",
        ),
        "human_request": (
            "Can I talk to a real person?",
            "I'd like to speak to a human, please.",
            "Please connect me with someone from the {team} team.",
            "agent please",
            "Is there a person I can talk to about this?",
            "I want to talk to a human. NOW.",
        ),
        "handoff_ack": (
            "Of course. I'm passing this conversation to the {team} team; someone will get back to you shortly.",
            "I understand. I've opened a case with the {team} team and shared this conversation with them.",
            "No problem, I'm connecting you with the {team} team. The average wait time is about {wait} minutes.",
        ),
        "handoff_bot": (
            "I'm not confident I can answer this correctly, so I've handed it over to the {team} team. "
            "They'll reply here soon.",
        ),
        "apology": (
            "I'm sorry about that. Could you tell me a bit more about what you need?",
            "Apologies for the confusion. I may not have the right information for this request.",
            "Sorry I couldn't help with that. You can also reach the {team} team directly.",
        ),
        "fallback": (
            "I'm sorry, I couldn't find anything about that {kb}. Could you rephrase your question?",
            "I'm not sure I understand. Could you give me more details?",
            "I can help with questions about {topic}. Could you say a bit more about what you need?",
            "Sorry, I don't have information on that yet.",
        ),
        "feedback_positive": ("Quick and accurate.", "Exactly what I needed.", "Saved me a ticket!"),
        "feedback_negative": ("Didn't understand my question.", "Wrong answer.", "Kept repeating the same thing."),
        "human_agent": (
            "Hi, this is {agent} from the {team} team. I've read the conversation and I'm looking into it now.",
            "Hello! {agent} here from {team}. Give me a minute to check this for you.",
        ),
        "followup_prefix": ("Also, ", "One more thing: ", "Another question: ", "And "),
    },
    "es": {
        "greeting": ("¡Hola! ", "Hola, ", "Buenos días, ", "Buenas, ", "Hola de nuevo, "),
        "rephrase_prefix": (
            "Quiero decir: ",
            "Lo repito de otra forma. ",
            "No, lo que pregunto es: ",
            "Perdona, lo intento otra vez. ",
            "A ver: ",
            "",
            "",
            "",
        ),
        "frustration": (
            "Eso está mal.",
            "No es lo que he preguntado.",
            "¡¡Inútil!!",
            "Esto no responde a mi pregunta.",
            "¡ESO NO ES LO QUE TE HE PREGUNTADO!",
            "¿Estás leyendo lo que escribo?",
            "NO. LEE MI PREGUNTA OTRA VEZ.",
            "Esto es una pérdida de tiempo.",
            "Otra vez mal...",
            "bah, da igual",
        ),
        "thanks": (
            "Gracias, ¡ya funciona!",
            "¡Perfecto, gracias!",
            "Genial, es justo lo que necesitaba.",
            "Entendido, muchas gracias.",
            "¡Listo, gracias!",
            "Mil gracias, me has salvado el día.",
            "ok gracias, todo resuelto",
            "Gracias, muy útil.",
        ),
        "thanks_reply": (
            "¡De nada! Si necesitas algo más, aquí estoy.",
            "¡Me alegra haberte ayudado! Que tengas un buen día.",
            "Encantado de ayudar. ¿Algo más?",
        ),
        "human_request": (
            "¿Puedo hablar con una persona?",
            "Quiero hablar con alguien de verdad, por favor.",
            "Por favor, pásame con alguien del equipo de {team}.",
            "agente por favor",
            "¿Hay alguna persona con la que pueda hablar de esto?",
            "QUIERO HABLAR CON UNA PERSONA.",
        ),
        "handoff_ack": (
            "Por supuesto. Paso esta conversación al equipo de {team}; alguien te responderá en breve.",
            "Entendido. He abierto un caso con el equipo de {team} y les he compartido esta conversación.",
            "Sin problema, te pongo en contacto con el equipo de {team}. "
            "El tiempo de espera medio es de unos {wait} minutos.",
        ),
        "handoff_bot": (
            "No estoy seguro de poder responder correctamente, así que he pasado tu consulta al equipo de {team}. "
            "Te responderán aquí pronto.",
        ),
        "apology": (
            "Lo siento. ¿Puedes contarme un poco más sobre lo que necesitas?",
            "Perdona la confusión. Puede que no tenga la información correcta para esta consulta.",
            "Siento no haber podido ayudarte. También puedes contactar directamente con el equipo de {team}.",
        ),
        "fallback": (
            "Lo siento, no he encontrado nada sobre eso {kb}. ¿Puedes reformular tu pregunta?",
            "No estoy seguro de entenderte. ¿Me das más detalles?",
            "Puedo ayudarte con preguntas sobre {topic}. ¿Puedes explicarme un poco más qué necesitas?",
            "Lo siento, todavía no tengo información sobre eso.",
        ),
        "feedback_positive": ("Rápido y correcto.", "Justo lo que necesitaba.", "¡Me ahorró abrir un ticket!"),
        "feedback_negative": ("No entendió mi pregunta.", "Respuesta incorrecta.", "Repetía siempre lo mismo."),
        "human_agent": (
            "Hola, soy {agent}, del equipo de {team}. He leído la conversación y lo estoy revisando.",
            "¡Hola! Te atiende {agent}, del equipo de {team}. Dame un minuto para comprobarlo.",
        ),
        "followup_prefix": ("Otra cosa: ", "Una pregunta más: ", "Además, ", "Y "),
    },
    "pt": {
        "greeting": ("Olá! ", "Oi, ", "Bom dia, ", "Boa tarde, ", "Oi, tudo bem? "),
        "rephrase_prefix": (
            "Quero dizer: ",
            "Vou reformular. ",
            "Não, o que estou perguntando é: ",
            "Desculpa, vou tentar de novo. ",
            "Deixa eu explicar melhor: ",
            "",
            "",
            "",
        ),
        "frustration": (
            "Isso está errado.",
            "Não foi isso que eu perguntei.",
            "Inútil!!",
            "Isso não responde a minha pergunta.",
            "NÃO FOI ISSO QUE EU PERGUNTEI!",
            "Você está lendo o que eu escrevo?",
            "NÃO. LEIA A MINHA PERGUNTA DE NOVO.",
            "Que perda de tempo.",
            "Errado de novo...",
            "ah, esquece",
        ),
        "thanks": (
            "Obrigado, funcionou!",
            "Perfeito, obrigada!",
            "Ótimo, era exatamente isso que eu precisava.",
            "Entendi, muito obrigado.",
            "Resolvido, valeu!",
            "Muito obrigada, ajudou demais.",
            "ok obrigado, tudo certo",
            "Obrigado, foi muito útil.",
        ),
        "thanks_reply": (
            "De nada! Se precisar de mais alguma coisa, é só falar.",
            "Que bom que pude ajudar! Tenha um ótimo dia.",
            "Fico feliz em ajudar. Mais alguma coisa?",
        ),
        "human_request": (
            "Posso falar com uma pessoa?",
            "Quero falar com um atendente humano, por favor.",
            "Por favor, me transfira para alguém da equipe de {team}.",
            "atendente por favor",
            "Tem alguma pessoa com quem eu possa falar sobre isso?",
            "QUERO FALAR COM UMA PESSOA.",
        ),
        "handoff_ack": (
            "Claro. Estou passando esta conversa para a equipe de {team}; alguém vai responder em breve.",
            "Entendi. Abri um chamado com a equipe de {team} e compartilhei esta conversa com eles.",
            "Sem problemas, vou te conectar com a equipe de {team}. "
            "O tempo médio de espera é de cerca de {wait} minutos.",
        ),
        "handoff_bot": (
            "Não tenho certeza de que consigo responder corretamente, então encaminhei sua pergunta para a equipe "
            "de {team}. Eles vão responder aqui em breve.",
        ),
        "apology": (
            "Sinto muito. Pode me contar um pouco mais sobre o que você precisa?",
            "Desculpe a confusão. Talvez eu não tenha a informação certa para este pedido.",
            "Desculpe não ter conseguido ajudar. Você também pode falar diretamente com a equipe de {team}.",
        ),
        "fallback": (
            "Desculpe, não encontrei nada sobre isso {kb}. Pode reformular a pergunta?",
            "Não tenho certeza se entendi. Pode me dar mais detalhes?",
            "Posso ajudar com dúvidas sobre {topic}. Pode explicar um pouco melhor o que você precisa?",
            "Desculpe, ainda não tenho informações sobre isso.",
        ),
        "feedback_positive": ("Rápido e certeiro.", "Exatamente o que eu precisava.", "Me poupou um chamado!"),
        "feedback_negative": (
            "Não entendeu minha pergunta.",
            "Resposta errada.",
            "Ficou repetindo a mesma coisa.",
        ),
        "human_agent": (
            "Olá, aqui é {agent}, da equipe de {team}. Li a conversa e já estou verificando.",
            "Oi! {agent} falando, da equipe de {team}. Só um minuto que vou conferir isso para você.",
        ),
        "followup_prefix": ("Outra coisa: ", "Mais uma pergunta: ", "Além disso, ", "E "),
    },
    "fr": {
        "greeting": ("Bonjour, ", "Salut ! ", "Bonjour ! ", "Bonsoir, ", "Re-bonjour, "),
        "rephrase_prefix": (
            "Je veux dire : ",
            "Je reformule. ",
            "Non, ce que je demande, c'est : ",
            "Pardon, j'essaie autrement. ",
            "Pour être clair : ",
            "",
            "",
            "",
        ),
        "frustration": (
            "C'est faux.",
            "Ce n'est pas ce que j'ai demandé.",
            "Nul !!",
            "Ça ne répond pas du tout à ma question.",
            "CE N'EST PAS CE QUE J'AI DEMANDÉ",
            "Vous lisez mes messages ou pas ?",
            "NON. RELISEZ MA QUESTION.",
            "C'est une perte de temps.",
            "Encore faux...",
            "bon, laissez tomber",
        ),
        "thanks": (
            "Merci, ça a marché !",
            "Parfait, merci !",
            "Super, c'est exactement ce qu'il me fallait.",
            "C'est noté, merci beaucoup.",
            "Ça fonctionne, merci !",
            "Merci mille fois !",
            "ok merci, c'est réglé",
            "Merci, très utile.",
        ),
        "thanks_reply": (
            "Avec plaisir ! N'hésitez pas si vous avez d'autres questions.",
            "Ravi d'avoir pu vous aider ! Bonne journée.",
            "Content d'avoir aidé. Autre chose ?",
        ),
        "human_request": (
            "Je peux parler à une vraie personne ?",
            "Je voudrais parler à un humain, s'il vous plaît.",
            "Merci de me mettre en relation avec quelqu'un de l'équipe {team}.",
            "un conseiller svp",
            "Est-ce qu'il y a quelqu'un à qui je peux parler de ça ?",
            "JE VEUX PARLER À UN HUMAIN.",
        ),
        "handoff_ack": (
            "Bien sûr. Je transmets cette conversation à l'équipe {team} ; quelqu'un vous répondra rapidement.",
            "Je comprends. J'ai ouvert un dossier auprès de l'équipe {team} et je lui ai partagé cette conversation.",
            "Pas de souci, je vous mets en relation avec l'équipe {team}. "
            "Le temps d'attente moyen est d'environ {wait} minutes.",
        ),
        "handoff_bot": (
            "Je ne suis pas sûr de pouvoir répondre correctement, j'ai donc transmis votre demande à l'équipe "
            "{team}. Elle vous répondra ici bientôt.",
        ),
        "apology": (
            "Désolé. Pouvez-vous m'en dire un peu plus sur ce dont vous avez besoin ?",
            "Toutes mes excuses pour la confusion. Je n'ai peut-être pas la bonne information pour cette demande.",
            "Désolé de ne pas avoir pu vous aider. Vous pouvez aussi contacter directement l'équipe {team}.",
        ),
        "fallback": (
            "Désolé, je n'ai rien trouvé à ce sujet {kb}. Pouvez-vous reformuler votre question ?",
            "Je ne suis pas sûr de comprendre. Pouvez-vous me donner plus de détails ?",
            "Je peux vous aider pour {topic}. Pouvez-vous préciser ce dont vous avez besoin ?",
            "Désolé, je n'ai pas encore d'information là-dessus.",
        ),
        "feedback_positive": ("Rapide et juste.", "Exactement ce qu'il me fallait.", "Ça m'a évité un ticket !"),
        "feedback_negative": (
            "N'a pas compris ma question.",
            "Mauvaise réponse.",
            "Répétait toujours la même chose.",
        ),
        "human_agent": (
            "Bonjour, ici {agent}, de l'équipe {team}. J'ai lu la conversation et je regarde ça tout de suite.",
            "Bonjour ! C'est {agent}, de l'équipe {team}. Laissez-moi une minute pour vérifier.",
        ),
        "followup_prefix": ("Autre chose : ", "Encore une question : ", "Aussi, ", "Et "),
    },
    "de": {
        "greeting": ("Hallo, ", "Hi, ", "Guten Morgen, ", "Guten Tag, ", "Moin, "),
        "rephrase_prefix": (
            "Ich meine: ",
            "Anders gefragt: ",
            "Nein, meine Frage ist: ",
            "Sorry, ich versuche es nochmal. ",
            "Um es klarer zu sagen: ",
            "",
            "",
            "",
        ),
        "frustration": (
            "Das ist falsch.",
            "Das habe ich nicht gefragt.",
            "Nutzlos!!",
            "Das beantwortet meine Frage überhaupt nicht.",
            "DAS HABE ICH NICHT GEFRAGT",
            "Liest du überhaupt, was ich schreibe?",
            "NEIN. LIES MEINE FRAGE NOCHMAL.",
            "Das ist reine Zeitverschwendung.",
            "Schon wieder falsch...",
            "ach, vergiss es",
        ),
        "thanks": (
            "Danke, das hat funktioniert!",
            "Perfekt, danke!",
            "Super, genau das habe ich gebraucht.",
            "Alles klar, vielen Dank.",
            "Hat geklappt, danke!",
            "Tausend Dank!",
            "ok danke, hat sich erledigt",
            "Danke, sehr hilfreich.",
        ),
        "thanks_reply": (
            "Gern geschehen! Melde dich, wenn du noch etwas brauchst.",
            "Freut mich, dass ich helfen konnte! Einen schönen Tag noch.",
            "Gerne. Kann ich sonst noch etwas tun?",
        ),
        "human_request": (
            "Kann ich mit einem echten Menschen sprechen?",
            "Ich möchte bitte mit einer Person sprechen.",
            "Bitte verbinde mich mit jemandem aus dem Team {team}.",
            "Mitarbeiter bitte",
            "Gibt es jemanden, mit dem ich darüber sprechen kann?",
            "ICH WILL MIT EINEM MENSCHEN SPRECHEN.",
        ),
        "handoff_ack": (
            "Natürlich. Ich übergebe dieses Gespräch an das Team {team}; jemand meldet sich in Kürze.",
            "Verstanden. Ich habe einen Fall beim Team {team} eröffnet und dieses Gespräch geteilt.",
            "Kein Problem, ich verbinde dich mit dem Team {team}. "
            "Die durchschnittliche Wartezeit beträgt etwa {wait} Minuten.",
        ),
        "handoff_bot": (
            "Ich bin nicht sicher, ob ich das richtig beantworten kann, deshalb habe ich deine Anfrage an das Team "
            "{team} weitergegeben. Es meldet sich hier bald.",
        ),
        "apology": (
            "Das tut mir leid. Kannst du mir etwas genauer sagen, was du brauchst?",
            "Entschuldige die Verwirrung. Möglicherweise habe ich für diese Anfrage nicht die richtigen Informationen.",
            "Schade, dass ich nicht helfen konnte. Du kannst dich auch direkt an das Team {team} wenden.",
        ),
        "fallback": (
            "Leider habe ich dazu {kb} nichts gefunden. Kannst du deine Frage anders formulieren?",
            "Ich bin nicht sicher, ob ich dich richtig verstehe. Kannst du mehr Details geben?",
            "Ich helfe bei Fragen zu {topic}. Kannst du genauer beschreiben, was du brauchst?",
            "Dazu habe ich leider noch keine Informationen.",
        ),
        "feedback_positive": (
            "Schnell und richtig.",
            "Genau das, was ich gebraucht habe.",
            "Hat mir ein Ticket erspart!",
        ),
        "feedback_negative": (
            "Hat meine Frage nicht verstanden.",
            "Falsche Antwort.",
            "Hat immer dasselbe wiederholt.",
        ),
        "human_agent": (
            "Hallo, hier ist {agent} vom Team {team}. Ich habe das Gespräch gelesen und schaue es mir gerade an.",
            "Hi! {agent} hier, Team {team}. Gib mir eine Minute, ich prüfe das für dich.",
        ),
        "followup_prefix": ("Noch etwas: ", "Eine weitere Frage: ", "Außerdem: ", "Und "),
    },
}

# One sentence that carries a piece of PII, appended to a user message ({email}, {phone}, {card}, {iban}, {ip}).
PII_SENTENCES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "email": ("My email is {email}.", "You can reach me at {email}.", "Please send the confirmation to {email}."),
        "phone": ("My phone number is {phone}.", "Call me on {phone} if needed."),
        "card": ("I paid with the card {card}.", "The card number is {card}."),
        "iban": ("My IBAN is {iban}.", "Please use this account: {iban}."),
        "ip": ("My IP address is {ip}.", "The laptop has IP {ip}."),
    },
    "es": {
        "email": (
            "Mi correo es {email}.",
            "Podéis escribirme a {email}.",
            "Mandad la confirmación a {email}, por favor.",
        ),
        "phone": ("Mi teléfono es {phone}.", "Llámame al {phone} si hace falta."),
        "card": ("Pagué con la tarjeta {card}.", "El número de la tarjeta es {card}."),
        "iban": ("Mi IBAN es {iban}.", "Usad esta cuenta, por favor: {iban}."),
        "ip": ("Mi dirección IP es {ip}.", "El portátil tiene la IP {ip}."),
    },
    "pt": {
        "email": (
            "Meu e-mail é {email}.",
            "Podem me escrever em {email}.",
            "Mandem a confirmação para {email}, por favor.",
        ),
        "phone": ("Meu telefone é {phone}.", "Me liga no {phone} se precisar."),
        "card": ("Paguei com o cartão {card}.", "O número do cartão é {card}."),
        "iban": ("Meu IBAN é {iban}.", "Usem esta conta, por favor: {iban}."),
        "ip": ("Meu endereço IP é {ip}.", "O notebook está com o IP {ip}."),
    },
    "fr": {
        "email": (
            "Mon e-mail est {email}.",
            "Vous pouvez m'écrire à {email}.",
            "Merci d'envoyer la confirmation à {email}.",
        ),
        "phone": ("Mon numéro est le {phone}.", "Appelez-moi au {phone} si besoin."),
        "card": ("J'ai payé avec la carte {card}.", "Le numéro de carte est {card}."),
        "iban": ("Mon IBAN est {iban}.", "Merci d'utiliser ce compte : {iban}."),
        "ip": ("Mon adresse IP est {ip}.", "Le portable a l'IP {ip}."),
    },
    "de": {
        "email": (
            "Meine E-Mail-Adresse ist {email}.",
            "Ihr erreicht mich unter {email}.",
            "Bitte schickt die Bestätigung an {email}.",
        ),
        "phone": ("Meine Telefonnummer ist {phone}.", "Ruf mich bei Bedarf unter {phone} an."),
        "card": ("Ich habe mit der Karte {card} bezahlt.", "Die Kartennummer ist {card}."),
        "iban": ("Meine IBAN ist {iban}.", "Bitte nutzt dieses Konto: {iban}."),
        "ip": ("Meine IP-Adresse ist {ip}.", "Der Laptop hat die IP {ip}."),
    },
}

# The support assistant sometimes echoes the customer's e-mail address in its answer (PII in assistant text).
ASSISTANT_EMAIL_NOTE = {
    "en": " I've also sent the details to {email}.",
    "es": " También te he enviado los detalles a {email}.",
    "pt": " Também enviei os detalhes para {email}.",
    "fr": " Je vous ai aussi envoyé les détails à {email}.",
    "de": " Ich habe dir die Details auch an {email} geschickt.",
}

# What each assistant calls its knowledge ({kb}, with its preposition), its scope ({topic}) and the team a
# conversation is handed to ({team}).
ASSISTANT_WORDS: dict[str, dict[str, dict[str, str]]] = {
    "hr-helper": {
        "en": {"kb": "in the HR policies", "topic": "HR topics", "team": "People"},
        "es": {"kb": "en las políticas de RR. HH.", "topic": "temas de RR. HH.", "team": "Personas"},
        "pt": {"kb": "nas políticas de RH", "topic": "assuntos de RH", "team": "Pessoas"},
        "fr": {"kb": "dans les règles RH", "topic": "les questions RH", "team": "RH"},
        "de": {"kb": "in den HR-Richtlinien", "topic": "HR-Themen", "team": "People & Culture"},
    },
    "it-service-desk": {
        "en": {"kb": "in the IT knowledge base", "topic": "IT issues", "team": "IT Service Desk"},
        "es": {"kb": "en la base de conocimiento de IT", "topic": "problemas de IT", "team": "Service Desk"},
        "pt": {"kb": "na base de conhecimento de TI", "topic": "problemas de TI", "team": "Service Desk"},
        "fr": {
            "kb": "dans la base de connaissances IT",
            "topic": "les problèmes informatiques",
            "team": "Service Desk",
        },
        "de": {"kb": "in der IT-Wissensdatenbank", "topic": "IT-Problemen", "team": "IT-Servicedesk"},
    },
    "support-agent": {
        "en": {
            "kb": "in our help centre",
            "topic": "orders, deliveries, returns and warranty",
            "team": "Customer Care",
        },
        "es": {
            "kb": "en nuestro centro de ayuda",
            "topic": "pedidos, envíos, devoluciones y garantía",
            "team": "Atención al Cliente",
        },
        "pt": {
            "kb": "na nossa central de ajuda",
            "topic": "pedidos, entregas, devoluções e garantia",
            "team": "Atendimento ao Cliente",
        },
        "fr": {
            "kb": "dans notre centre d'aide",
            "topic": "les commandes, livraisons, retours et la garantie",
            "team": "Service Client",
        },
        "de": {
            "kb": "in unserem Hilfe-Center",
            "topic": "Bestellungen, Lieferungen, Rücksendungen und Garantie",
            "team": "Kundenservice",
        },
    },
    "sales-copilot": {
        "en": {"kb": "in the CRM", "topic": "accounts, deals and customer emails", "team": "Sales Ops"},
        "es": {"kb": "en el CRM", "topic": "cuentas, oportunidades y correos a clientes", "team": "Sales Ops"},
        "pt": {"kb": "no CRM", "topic": "contas, oportunidades e e-mails para clientes", "team": "Sales Ops"},
        "fr": {
            "kb": "dans le CRM",
            "topic": "les comptes, les opportunités et les e-mails clients",
            "team": "Sales Ops",
        },
        "de": {"kb": "im CRM", "topic": "Accounts, Deals und Kunden-Mails", "team": "Sales Ops"},
    },
    "deal-research-agent": {
        "en": {
            "kb": "in the sources I can access",
            "topic": "prospect and market research",
            "team": "Market Intelligence",
        },
        "es": {
            "kb": "en las fuentes a las que tengo acceso",
            "topic": "investigación de clientes potenciales y mercado",
            "team": "Market Intelligence",
        },
        "pt": {
            "kb": "nas fontes que consigo acessar",
            "topic": "pesquisa de prospects e mercado",
            "team": "Market Intelligence",
        },
        "fr": {
            "kb": "dans les sources auxquelles j'ai accès",
            "topic": "la recherche sur les prospects et le marché",
            "team": "Market Intelligence",
        },
        "de": {
            "kb": "in den Quellen, auf die ich zugreifen kann",
            "topic": "Interessenten- und Marktrecherche",
            "team": "Market Intelligence",
        },
    },
    "code-assistant": {
        "en": {"kb": "in the internal docs", "topic": "code, SQL and debugging", "team": "Developer Experience"},
        "es": {
            "kb": "en la documentación interna",
            "topic": "código, SQL y depuración",
            "team": "Developer Experience",
        },
        "pt": {"kb": "na documentação interna", "topic": "código, SQL e depuração", "team": "Developer Experience"},
        "fr": {
            "kb": "dans la documentation interne",
            "topic": "le code, le SQL et le débogage",
            "team": "Developer Experience",
        },
        "de": {"kb": "in der internen Doku", "topic": "Code, SQL und Debugging", "team": "Developer Experience"},
    },
}

# The customer support assistant's retrieval index holds only the English help centre: this is what it
# answers to customers writing in other languages when it fails (planted effect 1).
SUPPORT_ENGLISH_ONLY = (
    "I'm sorry, I didn't understand your message. Could you please write in English?",
    "Sorry, I can only help with orders, deliveries, returns and warranty questions.",
    "I'm sorry, I couldn't find an order matching your request. Please check the order number and try again.",
    "I'm not sure what you mean. Please choose one of: Track my order, Returns, Warranty.",
)

# The deal research agent's own way of failing.
RESEARCH_FALLBACK = {
    "en": (
        "I couldn't find reliable recent information about {company}; the newest sources I can access are from 2023.",
        "My searches about {company} returned mostly unrelated companies with a similar name. Can you give me "
        "their website or city?",
    ),
    "es": (
        "No he encontrado información reciente y fiable sobre {company}; las fuentes más nuevas a las que "
        "tengo acceso son de 2023.",
        "Mis búsquedas sobre {company} devuelven sobre todo empresas con un nombre parecido. ¿Me das su web o "
        "su ciudad?",
    ),
    "pt": (
        "Não encontrei informações recentes e confiáveis sobre a {company}; as fontes mais novas que consigo "
        "acessar são de 2023.",
        "Minhas buscas sobre a {company} trouxeram principalmente empresas com nome parecido. Pode me passar o "
        "site ou a cidade deles?",
    ),
    "fr": (
        "Je n'ai pas trouvé d'information récente et fiable sur {company} ; les sources les plus récentes "
        "auxquelles j'ai accès datent de 2023.",
        "Mes recherches sur {company} renvoient surtout des entreprises au nom similaire. Pouvez-vous me donner "
        "leur site web ou leur ville ?",
    ),
    "de": (
        "Ich habe keine aktuellen, verlässlichen Informationen zu {company} gefunden; die neuesten Quellen, "
        "auf die ich zugreifen kann, sind von 2023.",
        "Meine Suchen zu {company} liefern vor allem Firmen mit ähnlichem Namen. Kannst du mir ihre Website oder "
        "Stadt nennen?",
    ),
}

# Answer of the IT bot on the day of the VPN outage (planted effect 5).
VPN_OUTAGE_ANSWER = {
    "en": "We're aware of an outage on the EU VPN gateway since 07:00 CEST and the network team is on it. As a "
    "workaround, connect to vpn-us.velora.com in GlobalProtect; it's slower but works.",
    "es": "Sabemos que hay una incidencia en la pasarela VPN de Europa desde las 07:00 CEST y el equipo de redes "
    "ya está trabajando en ello. Como solución temporal, conéctate a vpn-us.velora.com en GlobalProtect; es "
    "más lenta, pero funciona.",
    "pt": "Estamos cientes de uma falha no gateway de VPN da Europa desde as 07:00 CEST e a equipe de redes já está "
    "trabalhando nisso. Como alternativa, conecte em vpn-us.velora.com no GlobalProtect; é mais lento, mas "
    "funciona.",
    "fr": "Nous avons connaissance d'une panne de la passerelle VPN Europe depuis 07:00 CEST et l'équipe réseau est "
    "dessus. En attendant, connectez-vous à vpn-us.velora.com dans GlobalProtect ; c'est plus lent, mais ça "
    "fonctionne.",
    "de": "Uns ist eine Störung am EU-VPN-Gateway seit 07:00 Uhr MESZ bekannt, das Netzwerkteam arbeitet daran. Als "
    "Workaround verbinde dich in GlobalProtect mit vpn-us.velora.com; das ist langsamer, funktioniert aber.",
}

SYSTEM_PROMPTS = {
    "hr-helper:control": (
        "You are HR Helper, Velora's assistant for employees. Answer questions about leave, pay, expenses and "
        "benefits using the HR policy documents provided. Be concise."
    ),
    "hr-helper:treatment": (
        "You are HR Helper, Velora's assistant for employees. Always answer in the employee's language. First "
        "identify the employee's country from their profile and use the matching policy section. Quote the exact "
        "Workday path for any action. If the policy documents do not contain the answer, say so and offer to open "
        "a case with People; never guess."
    ),
    "it-service-desk": (
        "You are the Velora IT Service Desk bot. Help employees with passwords, VPN, devices and MFA using the IT "
        "knowledge base. Create tickets with the create_ticket tool when self-service fails."
    ),
    "support-agent": (
        "You are Velora's customer support assistant. Help customers with orders, deliveries, returns, refunds and "
        "warranty. Use the order tools to look up orders. Escalate to a human agent when the customer asks for one."
    ),
    "sales-copilot": (
        "You are Sales Copilot. You have read access to the CRM. Draft customer emails, summarise accounts and "
        "prepare meetings for Velora's fleet sales team. Match the language the rep writes in."
    ),
    "deal-research-agent": (
        "You are the Deal Research Agent. Use the web_search, fetch_page and read_filing tools to research "
        "prospects and competitors. Cite your sources. Produce a brief of at most 300 words."
    ),
    "code-assistant": (
        "You are Velora's internal coding assistant. Answer questions about code, SQL and errors. Prefer Python, "
        "TypeScript and PostgreSQL examples that follow the engineering handbook."
    ),
}

# ----------------------------------------------------------------------------------------------------------
# Intents: per assistant, per intent, per language: "ask" paraphrases and "answer" templates.
# ----------------------------------------------------------------------------------------------------------
INTENTS: dict[str, dict[str, dict[str, dict[str, tuple[str, ...]]]]] = {
    "hr-helper": {
        "vacation_balance": {
            "ask": {
                "en": (
                    "How many vacation days do I have left this year?",
                    "What's my remaining PTO balance?",
                    "Can you check how much annual leave I still have?",
                    "I want to take a week off in {month}. Do I have enough days left?",
                ),
                "es": (
                    "¿Cuántos días de vacaciones me quedan este año?",
                    "¿Cuál es mi saldo de vacaciones pendiente?",
                    "¿Puedes mirar cuántos días libres me quedan?",
                    "Quiero cogerme una semana en {month}. ¿Tengo suficientes días?",
                ),
                "pt": (
                    "Quantos dias de férias ainda tenho este ano?",
                    "Qual é o meu saldo de férias?",
                    "Você pode verificar quantos dias de folga me restam?",
                    "Quero tirar uma semana de folga em {month}. Tenho dias suficientes?",
                ),
                "fr": (
                    "Combien de jours de congés me reste-t-il cette année ?",
                    "Quel est mon solde de congés payés ?",
                    "Tu peux vérifier combien de jours de vacances il me reste ?",
                    "Je voudrais poser une semaine en {month}. Est-ce que j'ai assez de jours ?",
                ),
                "de": (
                    "Wie viele Urlaubstage habe ich dieses Jahr noch?",
                    "Wie hoch ist mein aktueller Resturlaub?",
                    "Kannst du nachsehen, wie viele Urlaubstage mir noch bleiben?",
                    "Ich möchte im {month} eine Woche frei nehmen. Habe ich noch genug Tage?",
                ),
            },
            "answer": {
                "en": (
                    "You have {days} vacation days left for 2026. Up to 5 unused days can be carried over to next "
                    "year and must be used by 31 March.",
                    "Your current balance is {days} days of annual leave (plus {carry} days carried over from last "
                    "year). You can book time off in Workday under Time Off > Request.",
                ),
                "es": (
                    "Te quedan {days} días de vacaciones en 2026. Puedes pasar hasta 5 días no disfrutados al año "
                    "que viene, pero debes usarlos antes del 31 de marzo.",
                    "Tu saldo actual es de {days} días de vacaciones (más {carry} días arrastrados del año pasado). "
                    "Puedes solicitarlos en Workday, en Ausencias > Solicitar.",
                ),
                "pt": (
                    "Você tem {days} dias de férias disponíveis em 2026. Até 5 dias não usados podem passar para o "
                    "próximo ano e devem ser usados até 31 de março.",
                    "Seu saldo atual é de {days} dias de férias (mais {carry} dias acumulados do ano passado). "
                    "Você pode solicitar no Workday em Ausências > Solicitar.",
                ),
                "fr": (
                    "Il vous reste {days} jours de congés pour 2026. Jusqu'à 5 jours non pris peuvent être "
                    "reportés sur l'année suivante et doivent être utilisés avant le 31 mars.",
                    "Votre solde actuel est de {days} jours de congés (plus {carry} jours reportés de l'an "
                    "dernier). Vous pouvez les poser dans Workday, rubrique Absences > Demander.",
                ),
                "de": (
                    "Du hast für 2026 noch {days} Urlaubstage. Bis zu 5 nicht genommene Tage kannst du ins nächste "
                    "Jahr übertragen; sie müssen bis zum 31. März genommen werden.",
                    "Dein aktueller Stand: {days} Urlaubstage (plus {carry} übertragene Tage aus dem Vorjahr). "
                    "Urlaub beantragst du in Workday unter Abwesenheit > Antrag.",
                ),
            },
        },
        "payslip": {
            "ask": {
                "en": (
                    "Where can I download my payslip for {month}?",
                    "I can't find my {month} pay stub, where is it?",
                    "How do I get a copy of my last salary slip?",
                    "My {month} payslip looks wrong, the overtime is missing.",
                ),
                "es": (
                    "¿Dónde puedo descargar mi nómina de {month}?",
                    "No encuentro la nómina de {month}, ¿dónde está?",
                    "¿Cómo consigo una copia de mi última nómina?",
                    "Mi nómina de {month} está mal, faltan las horas extra.",
                ),
                "pt": (
                    "Onde posso baixar meu holerite de {month}?",
                    "Não estou achando meu contracheque de {month}, onde fica?",
                    "Como consigo uma cópia do meu último recibo de salário?",
                    "Meu holerite de {month} está errado, faltam as horas extras.",
                ),
                "fr": (
                    "Où est-ce que je peux télécharger ma fiche de paie {month_de} ?",
                    "Je ne trouve pas mon bulletin de salaire {month_de}, il est où ?",
                    "Comment obtenir une copie de mon dernier bulletin de paie ?",
                    "Ma fiche de paie {month_de} est fausse, il manque les heures supplémentaires.",
                ),
                "de": (
                    "Wo kann ich meine Gehaltsabrechnung für {month} herunterladen?",
                    "Ich finde meine Lohnabrechnung vom {month} nicht, wo ist die?",
                    "Wie bekomme ich eine Kopie meiner letzten Gehaltsabrechnung?",
                    "Meine Abrechnung für {month} stimmt nicht, die Überstunden fehlen.",
                ),
            },
            "answer": {
                "en": (
                    "Your {month} payslip is in Workday under Pay > Payslips; you can download it as a PDF. If "
                    "something looks wrong, reply here and I'll open a case with Payroll.",
                    "Payslips are published on the 25th of each month. Go to Workday > Pay > Payslips, select "
                    "{month} and click Download. Overtime corrections are paid with the following month's payroll.",
                ),
                "es": (
                    "Tu nómina de {month} está en Workday, en Pago > Nóminas; puedes descargarla en PDF. Si ves "
                    "algún error, dímelo aquí y abro un caso con Nóminas.",
                    "Las nóminas se publican el día 25 de cada mes. Entra en Workday > Pago > Nóminas, selecciona "
                    "{month} y pulsa Descargar. Las correcciones de horas extra se regularizan en la nómina del "
                    "mes siguiente.",
                ),
                "pt": (
                    "Seu holerite de {month} está no Workday, em Pagamento > Holerites; você pode baixar em PDF. "
                    "Se algo estiver errado, me avise aqui que eu abro um chamado com a Folha de Pagamento.",
                    "Os holerites são publicados no dia 25 de cada mês. Acesse Workday > Pagamento > Holerites, "
                    "selecione {month} e clique em Baixar. Correções de horas extras entram na folha do mês "
                    "seguinte.",
                ),
                "fr": (
                    "Votre bulletin de paie {month_de} se trouve dans Workday, rubrique Paie > Bulletins ; vous "
                    "pouvez le télécharger en PDF. Si quelque chose ne va pas, dites-le-moi ici et j'ouvre un "
                    "dossier auprès de la Paie.",
                    "Les bulletins sont publiés le 25 de chaque mois. Allez dans Workday > Paie > Bulletins, "
                    "choisissez {month} et cliquez sur Télécharger. Les corrections d'heures supplémentaires sont "
                    "régularisées sur la paie du mois suivant.",
                ),
                "de": (
                    "Deine Gehaltsabrechnung für {month} findest du in Workday unter Vergütung > Abrechnungen; du "
                    "kannst sie als PDF herunterladen. Wenn etwas nicht stimmt, schreib es hier und ich eröffne "
                    "einen Fall bei der Payroll.",
                    "Abrechnungen werden am 25. jedes Monats veröffentlicht. Geh in Workday auf Vergütung > "
                    "Abrechnungen, wähle {month} und klicke auf Herunterladen. Korrekturen bei Überstunden werden "
                    "mit der Abrechnung des Folgemonats ausgeglichen.",
                ),
            },
        },
        "parental_leave": {
            "ask": {
                "en": (
                    "How much parental leave can I take?",
                    "My partner is expecting a baby in {month}. What leave am I entitled to?",
                    "What's the company policy on paternity leave?",
                    "Can I split my parental leave into two blocks?",
                ),
                "es": (
                    "¿Cuánto permiso parental puedo coger?",
                    "Mi pareja sale de cuentas en {month}. ¿Qué permiso me corresponde?",
                    "¿Cuál es la política de la empresa sobre el permiso de paternidad?",
                    "¿Puedo dividir el permiso parental en dos partes?",
                ),
                "pt": (
                    "Quanto tempo de licença parental eu posso tirar?",
                    "Minha esposa está grávida e o bebê nasce em {month}. Qual licença eu tenho direito?",
                    "Qual é a política da empresa para licença-paternidade?",
                    "Posso dividir minha licença parental em dois períodos?",
                ),
                "fr": (
                    "Combien de temps de congé parental je peux prendre ?",
                    "Ma compagne doit accoucher en {month}. À quel congé ai-je droit ?",
                    "Quelle est la politique de l'entreprise pour le congé paternité ?",
                    "Est-ce que je peux fractionner mon congé parental en deux fois ?",
                ),
                "de": (
                    "Wie viel Elternzeit kann ich nehmen?",
                    "Unser Baby kommt im {month}. Welche Elternzeit steht mir zu?",
                    "Wie ist die Regelung im Unternehmen zur Elternzeit für Väter?",
                    "Kann ich meine Elternzeit auf zwei Blöcke aufteilen?",
                ),
            },
            "answer": {
                "en": (
                    "Velora offers {weeks} weeks of fully paid parental leave to every parent, on top of statutory "
                    "leave. You can take it in up to two blocks within 12 months of the birth or adoption; request "
                    "it in Workday at least 8 weeks before the start date.",
                    "Congratulations! You're entitled to {weeks} weeks of paid parental leave. Your HR business "
                    "partner will confirm the statutory part for your country; the full policy is on the People "
                    "portal under Leave > Parental leave.",
                ),
                "es": (
                    "Velora ofrece {weeks} semanas de permiso parental retribuido al 100 % a cada progenitor, "
                    "además del permiso legal. Puedes disfrutarlo en hasta dos bloques en los 12 meses siguientes "
                    "al nacimiento o la adopción; solicítalo en Workday con al menos 8 semanas de antelación.",
                    "¡Enhorabuena! Tienes derecho a {weeks} semanas de permiso parental retribuido. Tu HR business "
                    "partner te confirmará la parte legal de tu país; la política completa está en el portal de "
                    "Personas, en Permisos > Permiso parental.",
                ),
                "pt": (
                    "A Velora oferece {weeks} semanas de licença parental remunerada integralmente para cada "
                    "responsável, além da licença legal. Você pode tirar em até dois períodos nos 12 meses após o "
                    "nascimento ou a adoção; solicite no Workday com pelo menos 8 semanas de antecedência.",
                    "Parabéns! Você tem direito a {weeks} semanas de licença parental remunerada. Seu HR business "
                    "partner vai confirmar a parte legal do seu país; a política completa está no portal de "
                    "Pessoas, em Licenças > Licença parental.",
                ),
                "fr": (
                    "Velora propose {weeks} semaines de congé parental entièrement rémunéré à chaque parent, en "
                    "plus du congé légal. Vous pouvez le prendre en deux fois maximum dans les 12 mois suivant la "
                    "naissance ou l'adoption ; faites la demande dans Workday au moins 8 semaines avant.",
                    "Félicitations ! Vous avez droit à {weeks} semaines de congé parental rémunéré. Votre HR "
                    "business partner vous confirmera la partie légale pour votre pays ; la politique complète est "
                    "sur le portail RH, rubrique Congés > Congé parental.",
                ),
                "de": (
                    "Velora bietet jedem Elternteil {weeks} Wochen voll bezahlte Elternzeit zusätzlich zur "
                    "gesetzlichen Regelung. Du kannst sie in bis zu zwei Blöcken innerhalb von 12 Monaten nach "
                    "Geburt oder Adoption nehmen; beantrage sie mindestens 8 Wochen vorher in Workday.",
                    "Herzlichen Glückwunsch! Dir stehen {weeks} Wochen bezahlte Elternzeit zu. Deine HR Business "
                    "Partnerin bestätigt dir den gesetzlichen Teil für dein Land; die vollständige Regelung findest "
                    "du im People-Portal unter Abwesenheiten > Elternzeit.",
                ),
            },
        },
        "expense_policy": {
            "ask": {
                "en": (
                    "What's the limit for a client dinner on expenses?",
                    "Can I expense {item}?",
                    "How do I submit expenses from my trip to {city}?",
                    "Is there a daily meal allowance when travelling?",
                ),
                "es": (
                    "¿Cuál es el límite para una cena con un cliente?",
                    "¿Puedo pasar como gasto {item}?",
                    "¿Cómo presento los gastos del viaje a {city}?",
                    "¿Hay dietas diarias cuando viajo?",
                ),
                "pt": (
                    "Qual é o limite para um jantar com cliente?",
                    "Posso pedir reembolso de {item}?",
                    "Como lanço as despesas da viagem para {city}?",
                    "Existe diária de alimentação em viagens?",
                ),
                "fr": (
                    "Quel est le plafond pour un dîner client ?",
                    "Est-ce que je peux passer {item} en note de frais ?",
                    "Comment déclarer mes frais de déplacement à {city} ?",
                    "Y a-t-il une indemnité repas par jour en déplacement ?",
                ),
                "de": (
                    "Wie hoch ist das Limit für ein Geschäftsessen mit Kunden?",
                    "Kann ich {item} abrechnen?",
                    "Wie reiche ich die Kosten für meine Reise nach {city} ein?",
                    "Gibt es auf Dienstreisen eine Verpflegungspauschale?",
                ),
            },
            "answer": {
                "en": (
                    "You can expense {item} up to {amount} per person with an itemised receipt. Submit it in "
                    "Concur within 30 days; anything above the limit needs your manager's approval.",
                    "Travel expenses go through Concur: create a report, attach the receipts and select the trip. "
                    "The daily meal allowance is {amount}; reimbursements are paid with the next payroll.",
                ),
                "es": (
                    "Puedes pasar como gasto {item} hasta {amount} por persona con el tique detallado. Preséntalo "
                    "en Concur en un plazo de 30 días; lo que supere el límite necesita la aprobación de tu "
                    "responsable.",
                    "Los gastos de viaje van por Concur: crea una nota de gastos, adjunta los tiques y selecciona "
                    "el viaje. La dieta diaria es de {amount}; el reembolso se paga con la siguiente nómina.",
                ),
                "pt": (
                    "Você pode pedir reembolso de {item} até {amount} por pessoa, com nota fiscal detalhada. "
                    "Lance no Concur em até 30 dias; valores acima do limite precisam da aprovação do seu gestor.",
                    "Despesas de viagem são lançadas no Concur: crie um relatório, anexe os comprovantes e "
                    "selecione a viagem. A diária de alimentação é de {amount}; o reembolso é pago na próxima "
                    "folha.",
                ),
                "fr": (
                    "Vous pouvez passer {item} en note de frais jusqu'à {amount} par personne, avec un justificatif "
                    "détaillé. Déclarez-le dans Concur sous 30 jours ; au-delà du plafond, l'accord de votre "
                    "manager est nécessaire.",
                    "Les frais de déplacement passent par Concur : créez une note, joignez les justificatifs et "
                    "sélectionnez le déplacement. L'indemnité repas est de {amount} par jour ; le remboursement "
                    "arrive avec la paie suivante.",
                ),
                "de": (
                    "Du kannst {item} bis {amount} pro Person mit detailliertem Beleg abrechnen. Reiche es "
                    "innerhalb von 30 Tagen in Concur ein; alles über dem Limit braucht die Freigabe deiner "
                    "Führungskraft.",
                    "Reisekosten laufen über Concur: Erstelle eine Abrechnung, hänge die Belege an und wähle die "
                    "Reise aus. Die Verpflegungspauschale beträgt {amount} pro Tag; die Erstattung kommt mit der "
                    "nächsten Gehaltszahlung.",
                ),
            },
        },
        # Planted effect 6: this intent exists only from the start of open enrollment (last ~2 weeks).
        "benefits_enrollment": {
            "ask": {
                "en": (
                    "When does open enrollment for 2027 benefits close?",
                    "How do I change my health insurance plan for next year?",
                    "Can I add my partner to my medical plan during open enrollment?",
                    "What's new in the 2027 benefits package?",
                ),
                "es": (
                    "¿Cuándo termina el periodo de inscripción de beneficios para 2027?",
                    "¿Cómo cambio mi seguro médico para el año que viene?",
                    "¿Puedo añadir a mi pareja a mi seguro médico durante la inscripción abierta?",
                    "¿Qué hay de nuevo en el paquete de beneficios de 2027?",
                ),
                "pt": (
                    "Quando termina o período de adesão aos benefícios de 2027?",
                    "Como troco meu plano de saúde para o ano que vem?",
                    "Posso incluir meu cônjuge no plano de saúde durante o período de adesão?",
                    "O que mudou no pacote de benefícios de 2027?",
                ),
                "fr": (
                    "Quand se termine la période d'adhésion aux avantages 2027 ?",
                    "Comment changer de mutuelle pour l'année prochaine ?",
                    "Est-ce que je peux ajouter mon conjoint à ma mutuelle pendant la période d'adhésion ?",
                    "Qu'est-ce qui change dans les avantages sociaux 2027 ?",
                ),
                "de": (
                    "Bis wann läuft die Benefits-Anmeldung für 2027?",
                    "Wie ändere ich meine Zusatzkrankenversicherung fürs nächste Jahr?",
                    "Kann ich meinen Partner während der Anmeldephase in meine Zusatzversicherung aufnehmen?",
                    "Was ist neu bei den Benefits für 2027?",
                ),
            },
            "answer": {
                "en": (
                    "Open enrollment for 2027 benefits is open until {deadline}. In Workday go to Benefits > Open "
                    "Enrollment to compare plans, add dependants or change your coverage; if you do nothing, your "
                    "current elections roll over.",
                    "For 2027 you can choose between the Core, Plus and Premium medical plans, and the new "
                    "mental-health allowance is included in all of them. Make your changes in Workday > Benefits > "
                    "Open Enrollment before {deadline}.",
                ),
                "es": (
                    "La inscripción de beneficios para 2027 está abierta hasta el {deadline}. En Workday, ve a "
                    "Beneficios > Inscripción abierta para comparar planes, añadir beneficiarios o cambiar tu "
                    "cobertura; si no haces nada, se mantienen tus elecciones actuales.",
                    "Para 2027 puedes elegir entre los planes médicos Core, Plus y Premium, y la nueva ayuda de "
                    "salud mental está incluida en todos. Haz los cambios en Workday > Beneficios > Inscripción "
                    "abierta antes del {deadline}.",
                ),
                "pt": (
                    "O período de adesão aos benefícios de 2027 vai até {deadline}. No Workday, acesse Benefícios > "
                    "Adesão anual para comparar planos, incluir dependentes ou mudar sua cobertura; se você não "
                    "fizer nada, suas escolhas atuais continuam valendo.",
                    "Para 2027 você pode escolher entre os planos de saúde Core, Plus e Premium, e o novo auxílio "
                    "de saúde mental está incluído em todos. Faça as alterações no Workday > Benefícios > Adesão "
                    "anual até {deadline}.",
                ),
                "fr": (
                    "La période d'adhésion aux avantages 2027 est ouverte jusqu'au {deadline}. Dans Workday, allez "
                    "dans Avantages > Adhésion annuelle pour comparer les formules, ajouter des ayants droit ou "
                    "modifier votre couverture ; sans action de votre part, vos choix actuels sont reconduits.",
                    "Pour 2027, vous avez le choix entre les formules Core, Plus et Premium, et la nouvelle aide "
                    "santé mentale est incluse dans toutes. Faites vos modifications dans Workday > Avantages > "
                    "Adhésion annuelle avant le {deadline}.",
                ),
                "de": (
                    "Die Anmeldephase für die Benefits 2027 läuft bis zum {deadline}. In Workday unter Benefits > "
                    "Jährliche Anmeldung kannst du Tarife vergleichen, Angehörige hinzufügen oder deinen Schutz "
                    "ändern; wenn du nichts tust, bleiben deine bisherigen Entscheidungen bestehen.",
                    "Für 2027 kannst du zwischen den Tarifen Core, Plus und Premium wählen, und der neue Zuschuss "
                    "für mentale Gesundheit ist in allen enthalten. Nimm deine Änderungen bis zum {deadline} in "
                    "Workday unter Benefits > Jährliche Anmeldung vor.",
                ),
            },
        },
    },
    "it-service-desk": {
        "password_reset": {
            "ask": {
                "en": (
                    "I forgot my {system} password, how do I reset it?",
                    "My {system} account is locked after too many attempts.",
                    "How can I change my password? It expired this morning.",
                    "Can't log in to {system}, it says my password is wrong.",
                ),
                "es": (
                    "He olvidado mi contraseña de {system}, ¿cómo la restablezco?",
                    "Mi cuenta de {system} está bloqueada por demasiados intentos.",
                    "¿Cómo cambio mi contraseña? Me ha caducado esta mañana.",
                    "No puedo entrar en {system}, dice que la contraseña es incorrecta.",
                ),
                "pt": (
                    "Esqueci minha senha do {system}, como faço para redefinir?",
                    "Minha conta do {system} foi bloqueada depois de muitas tentativas.",
                    "Como troco minha senha? Ela expirou hoje de manhã.",
                    "Não consigo entrar no {system}, diz que a senha está errada.",
                ),
                "fr": (
                    "J'ai oublié mon mot de passe {system}, comment le réinitialiser ?",
                    "Mon compte {system} est bloqué après trop de tentatives.",
                    "Comment changer mon mot de passe ? Il a expiré ce matin.",
                    "Impossible de me connecter à {system}, il dit que le mot de passe est incorrect.",
                ),
                "de": (
                    "Ich habe mein {system}-Passwort vergessen, wie setze ich es zurück?",
                    "Mein {system}-Konto ist nach zu vielen Versuchen gesperrt.",
                    "Wie ändere ich mein Passwort? Es ist heute Morgen abgelaufen.",
                    "Ich komme nicht in {system} rein, angeblich ist mein Passwort falsch.",
                ),
            },
            "answer": {
                "en": (
                    "You can reset your {system} password yourself at https://id.velora.com/reset. Verify with "
                    "Okta Verify, choose a new password (at least 14 characters) and wait about 5 minutes for it "
                    "to sync to all systems.",
                    "I've sent an unlock link for your {system} account to your registered phone. After unlocking, "
                    "set a new password at https://id.velora.com/reset; the old one can't be reused.",
                ),
                "es": (
                    "Puedes restablecer tu contraseña de {system} tú mismo en https://id.velora.com/reset. "
                    "Verifícate con Okta Verify, elige una contraseña nueva (mínimo 14 caracteres) y espera unos 5 "
                    "minutos a que se sincronice en todos los sistemas.",
                    "Te he enviado un enlace de desbloqueo de tu cuenta de {system} a tu móvil registrado. Después "
                    "de desbloquearla, crea una contraseña nueva en https://id.velora.com/reset; no se puede "
                    "reutilizar la anterior.",
                ),
                "pt": (
                    "Você mesmo pode redefinir sua senha do {system} em https://id.velora.com/reset. Confirme com "
                    "o Okta Verify, escolha uma senha nova (mínimo de 14 caracteres) e aguarde uns 5 minutos para "
                    "sincronizar em todos os sistemas.",
                    "Enviei um link de desbloqueio da sua conta do {system} para o seu celular cadastrado. Depois "
                    "de desbloquear, crie uma senha nova em https://id.velora.com/reset; não dá para reutilizar a "
                    "antiga.",
                ),
                "fr": (
                    "Vous pouvez réinitialiser vous-même votre mot de passe {system} sur "
                    "https://id.velora.com/reset. Validez avec Okta Verify, choisissez un nouveau mot de passe "
                    "(14 caractères minimum) et attendez environ 5 minutes la synchronisation.",
                    "Je vous ai envoyé un lien de déblocage de votre compte {system} sur votre téléphone "
                    "enregistré. Ensuite, définissez un nouveau mot de passe sur https://id.velora.com/reset ; "
                    "l'ancien ne peut pas être réutilisé.",
                ),
                "de": (
                    "Du kannst dein {system}-Passwort selbst unter https://id.velora.com/reset zurücksetzen. "
                    "Bestätige mit Okta Verify, wähle ein neues Passwort (mindestens 14 Zeichen) und warte etwa 5 "
                    "Minuten, bis es überall synchronisiert ist.",
                    "Ich habe dir einen Entsperr-Link für dein {system}-Konto an deine hinterlegte Handynummer "
                    "geschickt. Danach setzt du unter https://id.velora.com/reset ein neues Passwort; das alte "
                    "kann nicht wiederverwendet werden.",
                ),
            },
        },
        "vpn": {
            "ask": {
                "en": (
                    "The VPN won't connect, GlobalProtect says: {vpn_error}",
                    "I can't connect to the VPN from home.",
                    "VPN keeps disconnecting every few minutes, what can I do?",
                    "Is the VPN down? I can't reach any internal sites.",
                ),
                "es": (
                    "La VPN no conecta, GlobalProtect dice: {vpn_error}",
                    "No puedo conectarme a la VPN desde casa.",
                    "La VPN se desconecta cada pocos minutos, ¿qué hago?",
                    "¿Se ha caído la VPN? No puedo acceder a ninguna web interna.",
                ),
                "pt": (
                    "A VPN não conecta, o GlobalProtect diz: {vpn_error}",
                    "Não consigo me conectar à VPN de casa.",
                    "A VPN fica caindo a cada poucos minutos, o que eu faço?",
                    "A VPN caiu? Não consigo acessar nenhum site interno.",
                ),
                "fr": (
                    "Le VPN ne se connecte pas, GlobalProtect affiche : {vpn_error}",
                    "Je n'arrive pas à me connecter au VPN depuis chez moi.",
                    "Le VPN se déconnecte toutes les deux minutes, que faire ?",
                    "Le VPN est en panne ? Je n'accède à aucun site interne.",
                ),
                "de": (
                    "Das VPN verbindet sich nicht, GlobalProtect meldet: {vpn_error}",
                    "Ich komme von zu Hause nicht ins VPN.",
                    "Das VPN trennt sich alle paar Minuten, was kann ich tun?",
                    "Ist das VPN down? Ich erreiche keine internen Seiten.",
                ),
            },
            "answer": {
                "en": (
                    "Please open GlobalProtect, click the gear icon > Refresh Connection, and make sure the portal "
                    "is vpn.velora.com. If it still fails, restart the laptop; the client updates its certificate "
                    "at start-up.",
                    "That error usually means the gateway certificate on your laptop is out of date. Run 'Velora "
                    "Self Service > Repair VPN', then reconnect to the closest gateway (vpn-eu or vpn-us).",
                ),
                "es": (
                    "Abre GlobalProtect, pulsa el icono del engranaje > Actualizar conexión y comprueba que el "
                    "portal es vpn.velora.com. Si sigue fallando, reinicia el portátil; el cliente actualiza su "
                    "certificado al arrancar.",
                    "Ese error suele indicar que el certificado de la pasarela en tu portátil está desactualizado. "
                    "Ejecuta 'Velora Self Service > Reparar VPN' y vuelve a conectarte a la pasarela más cercana "
                    "(vpn-eu o vpn-us).",
                ),
                "pt": (
                    "Abra o GlobalProtect, clique na engrenagem > Atualizar conexão e confira se o portal é "
                    "vpn.velora.com. Se continuar falhando, reinicie o notebook; o cliente atualiza o certificado "
                    "na inicialização.",
                    "Esse erro geralmente significa que o certificado do gateway no seu notebook está "
                    "desatualizado. Rode 'Velora Self Service > Reparar VPN' e conecte de novo no gateway mais "
                    "próximo (vpn-eu ou vpn-us).",
                ),
                "fr": (
                    "Ouvrez GlobalProtect, cliquez sur la roue dentée > Actualiser la connexion et vérifiez que le "
                    "portail est vpn.velora.com. Si ça ne marche toujours pas, redémarrez le portable ; le client "
                    "met à jour son certificat au démarrage.",
                    "Cette erreur signifie en général que le certificat de la passerelle sur votre portable n'est "
                    "plus à jour. Lancez « Velora Self Service > Réparer le VPN », puis reconnectez-vous à la "
                    "passerelle la plus proche (vpn-eu ou vpn-us).",
                ),
                "de": (
                    "Öffne GlobalProtect, klicke auf das Zahnrad > Verbindung aktualisieren und prüfe, ob als "
                    "Portal vpn.velora.com eingetragen ist. Wenn es weiter nicht klappt, starte den Laptop neu; der "
                    "Client aktualisiert sein Zertifikat beim Start.",
                    "Dieser Fehler bedeutet meist, dass das Gateway-Zertifikat auf deinem Laptop veraltet ist. "
                    "Führe 'Velora Self Service > VPN reparieren' aus und verbinde dich dann mit dem "
                    "nächstgelegenen Gateway (vpn-eu oder vpn-us).",
                ),
            },
        },
        "laptop_request": {
            "ask": {
                "en": (
                    "I need a new laptop, mine is over four years old.",
                    "How do I request a {laptop}?",
                    "My laptop screen is cracked, can I get a replacement?",
                    "Can I order a laptop for a new hire starting on {date}?",
                ),
                "es": (
                    "Necesito un portátil nuevo, el mío tiene más de cuatro años.",
                    "¿Cómo solicito un {laptop}?",
                    "Se me ha roto la pantalla del portátil, ¿me lo pueden cambiar?",
                    "¿Puedo pedir un portátil para una nueva incorporación que empieza el {date}?",
                ),
                "pt": (
                    "Preciso de um notebook novo, o meu tem mais de quatro anos.",
                    "Como eu solicito um {laptop}?",
                    "A tela do meu notebook trincou, dá para trocar?",
                    "Posso pedir um notebook para um novo colaborador que começa em {date}?",
                ),
                "fr": (
                    "J'ai besoin d'un nouveau portable, le mien a plus de quatre ans.",
                    "Comment demander un {laptop} ?",
                    "L'écran de mon portable est fissuré, est-ce que je peux en avoir un autre ?",
                    "Est-ce que je peux commander un portable pour un nouvel arrivant qui commence le {date} ?",
                ),
                "de": (
                    "Ich brauche einen neuen Laptop, meiner ist über vier Jahre alt.",
                    "Wie beantrage ich ein {laptop}?",
                    "Mein Laptop-Display ist gesprungen, bekomme ich einen Ersatz?",
                    "Kann ich einen Laptop für eine neue Kollegin bestellen, die am {date} anfängt?",
                ),
            },
            "answer": {
                "en": (
                    "You can request a new laptop in the IT portal under Hardware > Laptop request. Standard models "
                    "are the {laptop} and the ThinkPad T14; delivery takes about {ship_days} business days after "
                    "your manager approves.",
                    "I've created a hardware request for a {laptop} for you (ticket {ticket}). Your manager "
                    "will get "
                    "an approval email; once approved, IT will contact you to schedule the data transfer.",
                ),
                "es": (
                    "Puedes pedir un portátil nuevo en el portal de IT, en Hardware > Solicitud de portátil. Los "
                    "modelos estándar son el {laptop} y el ThinkPad T14; la entrega tarda unos {ship_days} días "
                    "laborables desde que tu responsable lo aprueba.",
                    "Te he creado una solicitud de hardware para un {laptop} (ticket {ticket}). Tu responsable "
                    "recibirá un correo para aprobarla; después, IT se pondrá en contacto contigo para programar la "
                    "migración de datos.",
                ),
                "pt": (
                    "Você pode pedir um notebook novo no portal de TI, em Hardware > Solicitação de notebook. Os "
                    "modelos padrão são o {laptop} e o ThinkPad T14; a entrega leva cerca de {ship_days} dias úteis "
                    "após a aprovação do seu gestor.",
                    "Criei uma solicitação de hardware de um {laptop} para você (chamado {ticket}). Seu gestor vai "
                    "receber um e-mail de aprovação; depois disso, a TI entra em contato para agendar a migração "
                    "dos dados.",
                ),
                "fr": (
                    "Vous pouvez demander un nouveau portable dans le portail IT, rubrique Matériel > Demande de "
                    "portable. Les modèles standard sont le {laptop} et le ThinkPad T14 ; comptez environ "
                    "{ship_days} jours ouvrés après validation de votre manager.",
                    "J'ai créé une demande de matériel pour un {laptop} (ticket {ticket}). Votre manager va "
                    "recevoir un e-mail de validation ; ensuite, l'IT vous contactera pour planifier le transfert "
                    "de vos données.",
                ),
                "de": (
                    "Einen neuen Laptop beantragst du im IT-Portal unter Hardware > Laptop-Anfrage. "
                    "Standardmodelle sind das {laptop} und das ThinkPad T14; die Lieferung dauert etwa {ship_days} "
                    "Werktage nach Freigabe durch deine Führungskraft.",
                    "Ich habe für dich eine Hardware-Anfrage für ein {laptop} angelegt (Ticket {ticket}). Deine "
                    "Führungskraft bekommt eine Freigabe-Mail; danach meldet sich die IT, um die Datenübernahme zu "
                    "planen.",
                ),
            },
        },
        "mfa_device": {
            "ask": {
                "en": (
                    "I got a new phone, how do I move Okta Verify to it?",
                    "I lost my phone and can't approve the MFA push.",
                    "How do I set up two-factor authentication on my new iPhone?",
                    "MFA codes aren't arriving on my phone.",
                ),
                "es": (
                    "Tengo un móvil nuevo, ¿cómo paso Okta Verify?",
                    "He perdido el móvil y no puedo aprobar la notificación de MFA.",
                    "¿Cómo configuro la autenticación en dos pasos en mi nuevo iPhone?",
                    "No me llegan los códigos de MFA al móvil.",
                ),
                "pt": (
                    "Troquei de celular, como passo o Okta Verify para o novo?",
                    "Perdi meu celular e não consigo aprovar a notificação do MFA.",
                    "Como configuro a autenticação em dois fatores no meu iPhone novo?",
                    "Os códigos de MFA não estão chegando no meu celular.",
                ),
                "fr": (
                    "J'ai un nouveau téléphone, comment transférer Okta Verify ?",
                    "J'ai perdu mon téléphone et je ne peux plus valider la notification MFA.",
                    "Comment configurer la double authentification sur mon nouvel iPhone ?",
                    "Je ne reçois pas les codes MFA sur mon téléphone.",
                ),
                "de": (
                    "Ich habe ein neues Handy, wie übertrage ich Okta Verify?",
                    "Ich habe mein Handy verloren und kann die MFA-Anfrage nicht bestätigen.",
                    "Wie richte ich die Zwei-Faktor-Authentifizierung auf meinem neuen iPhone ein?",
                    "Die MFA-Codes kommen auf meinem Handy nicht an.",
                ),
            },
            "answer": {
                "en": (
                    "To move Okta Verify, sign in at https://id.velora.com/settings from your laptop, remove "
                    "the old "
                    "device under Security Methods and scan the QR code with the new phone. Keep the old phone "
                    "until the new one works.",
                    "I've sent a one-time bypass code to your manager, valid for 24 hours. Use it to sign in, then "
                    "register Okta Verify on your new phone under Settings > Security Methods.",
                ),
                "es": (
                    "Para pasar Okta Verify, entra desde el portátil en https://id.velora.com/settings, elimina el "
                    "dispositivo antiguo en Métodos de seguridad y escanea el código QR con el móvil nuevo. No te "
                    "deshagas del antiguo hasta que el nuevo funcione.",
                    "He enviado a tu responsable un código de acceso temporal válido durante 24 horas. Úsalo para "
                    "iniciar sesión y registra Okta Verify en tu móvil nuevo en Ajustes > Métodos de seguridad.",
                ),
                "pt": (
                    "Para transferir o Okta Verify, entre pelo notebook em https://id.velora.com/settings, remova o "
                    "aparelho antigo em Métodos de segurança e escaneie o QR code com o celular novo. Mantenha o "
                    "antigo até o novo funcionar.",
                    "Enviei para o seu gestor um código de acesso temporário, válido por 24 horas. Use-o para "
                    "entrar e depois cadastre o Okta Verify no celular novo em Configurações > Métodos de "
                    "segurança.",
                ),
                "fr": (
                    "Pour transférer Okta Verify, connectez-vous depuis votre portable sur "
                    "https://id.velora.com/settings, supprimez l'ancien appareil dans Méthodes de sécurité et "
                    "scannez le QR code avec le nouveau téléphone. Gardez l'ancien jusqu'à ce que le nouveau "
                    "fonctionne.",
                    "J'ai envoyé à votre manager un code d'accès temporaire valable 24 heures. Utilisez-le pour "
                    "vous connecter, puis enregistrez Okta Verify sur votre nouveau téléphone dans Paramètres > "
                    "Méthodes de sécurité.",
                ),
                "de": (
                    "Um Okta Verify umzuziehen, melde dich am Laptop unter https://id.velora.com/settings an, "
                    "entferne unter Sicherheitsmethoden das alte Gerät und scanne den QR-Code mit dem neuen Handy. "
                    "Behalte das alte Handy, bis das neue funktioniert.",
                    "Ich habe deiner Führungskraft einen einmaligen Zugangscode geschickt, der 24 Stunden gilt. "
                    "Melde dich damit an und registriere dann Okta Verify auf deinem neuen Handy unter "
                    "Einstellungen > Sicherheitsmethoden.",
                ),
            },
        },
    },
    "support-agent": {
        "order_status": {
            "ask": {
                "en": (
                    "Where is my order {order_id}?",
                    "I ordered {product_a} two weeks ago and it still hasn't arrived.",
                    "Can you tell me when order {order_id} will be delivered?",
                    "Has my order shipped yet? Order number {order_id}.",
                ),
                "es": (
                    "¿Dónde está mi pedido {order_id}?",
                    "Pedí {product_a} hace dos semanas y todavía no ha llegado nada.",
                    "¿Me puedes decir cuándo llega el pedido {order_id}?",
                    "¿Ya se ha enviado mi pedido? Número de pedido {order_id}.",
                ),
                "pt": (
                    "Onde está meu pedido {order_id}?",
                    "Comprei {product_a} há duas semanas e ainda não chegou nada.",
                    "Pode me dizer quando o pedido {order_id} vai ser entregue?",
                    "Meu pedido já foi enviado? Número do pedido {order_id}.",
                ),
                "fr": (
                    "Où en est ma commande {order_id} ?",
                    "J'ai commandé {product_a} il y a deux semaines et rien n'est arrivé.",
                    "Vous pouvez me dire quand la commande {order_id} sera livrée ?",
                    "Ma commande est-elle déjà partie ? Numéro de commande {order_id}.",
                ),
                "de": (
                    "Wo ist meine Bestellung {order_id}?",
                    "Ich habe vor zwei Wochen {product_a} bestellt und die Lieferung ist immer noch nicht da.",
                    "Kannst du mir sagen, wann die Bestellung {order_id} geliefert wird?",
                    "Ist meine Bestellung schon verschickt? Bestellnummer {order_id}.",
                ),
            },
            "answer": {
                "en": (
                    "Your order {order_id} shipped on {date} with {carrier}. Tracking number: {tracking}. The "
                    "estimated delivery date is {eta}.",
                    "I can see order {order_id} ({product}) is at the {carrier} depot and out for delivery "
                    "on {eta}. "
                    "You'll get a text with a one-hour window that morning.",
                ),
                "es": (
                    "Tu pedido {order_id} salió el {date} con {carrier}. Número de seguimiento: {tracking}. La "
                    "fecha estimada de entrega es el {eta}.",
                    "Veo que el pedido {order_id} ({product}) está en el almacén de {carrier} y se entregará el "
                    "{eta}. Esa mañana recibirás un SMS con una franja de una hora.",
                ),
                "pt": (
                    "Seu pedido {order_id} foi enviado em {date} via {carrier}. Código de rastreio: {tracking}. A "
                    "previsão de entrega é {eta}.",
                    "Vejo que o pedido {order_id} ({product}) está com a transportadora {carrier} e sai para "
                    "entrega "
                    "em {eta}. Nesse dia você vai receber um SMS com uma janela de uma hora.",
                ),
                "fr": (
                    "Votre commande {order_id} a été expédiée le {date} avec {carrier}. Numéro de suivi : "
                    "{tracking}. Livraison estimée le {eta}.",
                    "Je vois que la commande {order_id} ({product}) est au dépôt {carrier} et sera livrée le {eta}. "
                    "Vous recevrez ce matin-là un SMS avec un créneau d'une heure.",
                ),
                "de": (
                    "Deine Bestellung {order_id} wurde am {date} mit {carrier} verschickt. Sendungsnummer: "
                    "{tracking}. Voraussichtliche Zustellung: {eta}.",
                    "Ich sehe, dass die Bestellung {order_id} ({product}) im Depot von {carrier} liegt und am {eta} "
                    "zugestellt wird. Am Morgen bekommst du eine SMS mit einem einstündigen Zeitfenster.",
                ),
            },
        },
        "refund": {
            "ask": {
                "en": (
                    "I want a refund for order {order_id}.",
                    "I returned {product_a} last week, when do I get my money back?",
                    "How do I get my money back? The order arrived damaged.",
                    "I was charged twice for order {order_id}, please refund one of them.",
                ),
                "es": (
                    "Quiero que me devolváis el dinero del pedido {order_id}.",
                    "Devolví {product_a} la semana pasada, ¿cuándo me hacéis el reembolso?",
                    "¿Cómo recupero mi dinero? El pedido llegó dañado.",
                    "Me habéis cobrado dos veces el pedido {order_id}, por favor devolvedme uno de los cargos.",
                ),
                "pt": (
                    "Quero o reembolso do pedido {order_id}.",
                    "Devolvi {product_a} semana passada, quando recebo meu dinheiro de volta?",
                    "Como peço meu dinheiro de volta? O pedido chegou danificado.",
                    "Fui cobrado duas vezes pelo pedido {order_id}, por favor estornem uma das cobranças.",
                ),
                "fr": (
                    "Je voudrais être remboursé pour la commande {order_id}.",
                    "J'ai renvoyé {product_a} la semaine dernière, quand est-ce que je serai remboursé ?",
                    "Comment me faire rembourser ? La commande est arrivée abîmée.",
                    "J'ai été débité deux fois pour la commande {order_id}, merci d'annuler un des paiements.",
                ),
                "de": (
                    "Ich möchte mein Geld für die Bestellung {order_id} zurück.",
                    "Ich habe letzte Woche {product_a} zurückgeschickt, wann bekomme ich mein Geld zurück?",
                    "Wie bekomme ich mein Geld zurück? Die Lieferung kam beschädigt an.",
                    "Mir wurde die Bestellung {order_id} doppelt abgebucht, bitte erstattet eine Zahlung.",
                ),
            },
            "answer": {
                "en": (
                    "I've started a refund of {amount} for order {order_id}. It will go back to your original "
                    "payment method within 5–10 business days, and you'll receive a confirmation email.",
                    "Your return for order {order_id} was received at our warehouse on {date}. The refund of "
                    "{amount} was issued today; depending on your bank it can take up to 10 business days to "
                    "appear.",
                ),
                "es": (
                    "He iniciado el reembolso de {amount} del pedido {order_id}. Lo recibirás en el mismo método de "
                    "pago en un plazo de 5 a 10 días laborables y te llegará un correo de confirmación.",
                    "Tu devolución del pedido {order_id} llegó a nuestro almacén el {date}. Hoy hemos emitido el "
                    "reembolso de {amount}; según tu banco, puede tardar hasta 10 días laborables en aparecer.",
                ),
                "pt": (
                    "Iniciei o reembolso de {amount} do pedido {order_id}. O valor volta para a forma de pagamento "
                    "original em 5 a 10 dias úteis, e você vai receber um e-mail de confirmação.",
                    "A devolução do pedido {order_id} chegou ao nosso armazém em {date}. O reembolso de "
                    "{amount} foi "
                    "emitido hoje; dependendo do banco, pode levar até 10 dias úteis para aparecer.",
                ),
                "fr": (
                    "J'ai lancé le remboursement de {amount} pour la commande {order_id}. Il sera crédité sur votre "
                    "moyen de paiement d'origine sous 5 à 10 jours ouvrés, et vous recevrez un e-mail de "
                    "confirmation.",
                    "Votre retour de la commande {order_id} est arrivé à notre entrepôt le {date}. Le remboursement "
                    "de {amount} a été émis aujourd'hui ; selon votre banque, il peut mettre jusqu'à 10 jours "
                    "ouvrés à apparaître.",
                ),
                "de": (
                    "Ich habe eine Erstattung über {amount} für die Bestellung {order_id} veranlasst. Das Geld geht "
                    "innerhalb von 5–10 Werktagen auf dein ursprüngliches Zahlungsmittel zurück; du bekommst eine "
                    "Bestätigung per E-Mail.",
                    "Deine Rücksendung zur Bestellung {order_id} ist am {date} in unserem Lager eingegangen. Die "
                    "Erstattung über {amount} wurde heute ausgelöst; je nach Bank kann es bis zu 10 Werktage "
                    "dauern.",
                ),
            },
        },
        "shipping": {
            "ask": {
                "en": (
                    "How long does delivery to {city} take?",
                    "Do you ship e-bikes to {city}?",
                    "How much is shipping for {product_a}?",
                    "Can I get express delivery before the weekend?",
                ),
                "es": (
                    "¿Cuánto tarda la entrega en {city}?",
                    "¿Enviáis bicis eléctricas a {city}?",
                    "¿Cuánto cuesta el envío de {product_a}?",
                    "¿Puedo tener entrega urgente antes del fin de semana?",
                ),
                "pt": (
                    "Quanto tempo demora a entrega em {city}?",
                    "Vocês entregam bicicletas elétricas em {city}?",
                    "Quanto custa o frete de {product_a}?",
                    "Consigo entrega expressa antes do fim de semana?",
                ),
                "fr": (
                    "Combien de temps prend la livraison à {city} ?",
                    "Vous livrez des vélos électriques à {city} ?",
                    "Combien coûte la livraison pour {product_a} ?",
                    "Est-ce que je peux avoir une livraison express avant le week-end ?",
                ),
                "de": (
                    "Wie lange dauert die Lieferung nach {city}?",
                    "Liefert ihr E-Bikes nach {city}?",
                    "Was kostet der Versand für {product_a}?",
                    "Kann ich eine Expresslieferung vor dem Wochenende bekommen?",
                ),
            },
            "answer": {
                "en": (
                    "Standard delivery to {city} takes {ship_days} business days and is free on orders "
                    "over {threshold}. Express delivery (1–2 business days) costs {amount}.",
                    "We deliver to {city} in {ship_days} business days. E-bikes arrive fully assembled with a "
                    "two-person courier, and you can pick a delivery slot after checkout; shipping is free on "
                    "orders over {threshold}.",
                ),
                "es": (
                    "La entrega estándar en {city} tarda {ship_days} días laborables y es gratuita en pedidos "
                    "de más de {threshold}. La entrega urgente (1–2 días laborables) cuesta {amount}.",
                    "Entregamos en {city} en {ship_days} días laborables. Las bicis eléctricas llegan montadas "
                    "con un servicio de dos repartidores y puedes elegir la franja de entrega después de pagar; "
                    "el envío es gratuito en pedidos de más de {threshold}.",
                ),
                "pt": (
                    "A entrega padrão em {city} leva {ship_days} dias úteis e o frete é grátis em pedidos "
                    "acima de {threshold}. A entrega expressa (1–2 dias úteis) custa {amount}.",
                    "Entregamos em {city} em {ship_days} dias úteis. As bicicletas elétricas chegam montadas, "
                    "com entrega feita por dois entregadores, e você escolhe o horário depois de finalizar a "
                    "compra; o frete é grátis em pedidos acima de {threshold}.",
                ),
                "fr": (
                    "La livraison standard à {city} prend {ship_days} jours ouvrés et elle est gratuite dès "
                    "{threshold} d'achat. La livraison express (1 à 2 jours ouvrés) coûte {amount}.",
                    "Nous livrons à {city} en {ship_days} jours ouvrés. Les vélos électriques arrivent montés, "
                    "livrés par deux livreurs, et vous choisissez votre créneau après la commande ; la "
                    "livraison est gratuite dès {threshold} d'achat.",
                ),
                "de": (
                    "Die Standardlieferung nach {city} dauert {ship_days} Werktage und ist ab einem "
                    "Bestellwert von {threshold} kostenlos. Expressversand (1–2 Werktage) kostet {amount}.",
                    "Wir liefern nach {city} in {ship_days} Werktagen. E-Bikes kommen fertig montiert mit zwei "
                    "Zustellern, den Liefertermin wählst du nach dem Kauf; ab {threshold} ist der Versand "
                    "kostenlos.",
                ),
            },
        },
        "warranty_repair": {
            "ask": {
                "en": (
                    "The battery of my {bike} stopped charging. Is it under warranty?",
                    "My e-bike motor makes a grinding noise, can I get it repaired?",
                    "Is the display of the {bike} covered by the warranty?",
                    "How do I book a warranty repair?",
                ),
                "es": (
                    "La batería de mi {bike} ha dejado de cargar. ¿Está en garantía?",
                    "El motor de mi bici eléctrica hace un ruido raro, ¿me la podéis reparar?",
                    "¿La pantalla de la {bike} entra en la garantía?",
                    "¿Cómo pido una reparación en garantía?",
                ),
                "pt": (
                    "A bateria da minha {bike} parou de carregar. Está na garantia?",
                    "O motor da minha bicicleta elétrica está fazendo um barulho estranho, dá para consertar?",
                    "A tela da {bike} está coberta pela garantia?",
                    "Como agendo um reparo na garantia?",
                ),
                "fr": (
                    "La batterie de mon {bike} ne charge plus. Est-ce sous garantie ?",
                    "Le moteur de mon vélo électrique fait un bruit de frottement, vous pouvez le réparer ?",
                    "L'écran du {bike} est-il couvert par la garantie ?",
                    "Comment faire une demande de réparation sous garantie ?",
                ),
                "de": (
                    "Der Akku meines {bike} lädt nicht mehr. Ist das ein Garantiefall?",
                    "Der Motor meines E-Bikes macht ein Schleifgeräusch, könnt ihr das reparieren?",
                    "Ist das Display vom {bike} durch die Garantie abgedeckt?",
                    "Wie buche ich eine Garantiereparatur?",
                ),
            },
            "answer": {
                "en": (
                    "The {bike} has a 2-year warranty on the frame and electronics and 1 year on the battery. I've "
                    "opened warranty case {ticket}; a partner workshop near you will contact you within 2 business "
                    "days to book the repair.",
                    "That sounds like a warranty issue. Please send a short video of the problem and your order "
                    "number to the case I just opened ({ticket}); if the repair is approved, pickup and parts are "
                    "free of charge.",
                ),
                "es": (
                    "La {bike} tiene 2 años de garantía en cuadro y electrónica y 1 año en la batería. He abierto "
                    "el caso de garantía {ticket}; un taller colaborador cercano te contactará en 2 días laborables "
                    "para agendar la reparación.",
                    "Parece un caso de garantía. Envía un vídeo corto del problema y tu número de pedido al caso "
                    "que acabo de abrir ({ticket}); si se aprueba la reparación, la recogida y las piezas son "
                    "gratuitas.",
                ),
                "pt": (
                    "A {bike} tem garantia de 2 anos no quadro e na parte elétrica, e de 1 ano na bateria. Abri o "
                    "caso de garantia {ticket}; uma oficina parceira perto de você vai entrar em contato em até 2 "
                    "dias úteis para agendar o reparo.",
                    "Parece um caso de garantia. Envie um vídeo curto do problema e o número do pedido no caso que "
                    "acabei de abrir ({ticket}); se o reparo for aprovado, a coleta e as peças são gratuitas.",
                ),
                "fr": (
                    "Le {bike} est garanti 2 ans sur le cadre et l'électronique, et 1 an sur la batterie. J'ai "
                    "ouvert le dossier de garantie {ticket} ; un atelier partenaire près de chez vous vous "
                    "contactera sous 2 jours ouvrés pour fixer la réparation.",
                    "Cela ressemble à un cas de garantie. Envoyez une courte vidéo du problème et votre numéro de "
                    "commande dans le dossier que je viens d'ouvrir ({ticket}) ; si la réparation est acceptée, "
                    "l'enlèvement et les pièces sont gratuits.",
                ),
                "de": (
                    "Auf das {bike} gibt es 2 Jahre Garantie auf Rahmen und Elektronik und 1 Jahr auf den Akku. Ich "
                    "habe den Garantiefall {ticket} eröffnet; eine Partnerwerkstatt in deiner Nähe meldet sich "
                    "innerhalb von 2 Werktagen für einen Termin.",
                    "Das klingt nach einem Garantiefall. Schick bitte ein kurzes Video des Problems und deine "
                    "Bestellnummer an den Fall, den ich gerade eröffnet habe ({ticket}); wird die Reparatur "
                    "genehmigt, sind Abholung und Teile kostenlos.",
                ),
            },
        },
    },
    "sales-copilot": {
        "draft_email": {
            "ask": {
                "en": (
                    "Draft a follow-up email to {contact} at {customer} after yesterday's demo.",
                    "Can you write an email to {contact} ({customer}) proposing a call next {weekday} about the "
                    "fleet pilot?",
                    "Help me write a renewal reminder for {customer}, their contract ends on {date}.",
                ),
                "es": (
                    "Redacta un correo de seguimiento para {contact} de {customer} después de la demo de ayer.",
                    "¿Puedes escribir un correo a {contact} ({customer}) proponiendo una llamada el próximo "
                    "{weekday} sobre el piloto de flota?",
                    "Ayúdame a escribir un recordatorio de renovación para {customer}; su contrato termina el {date}.",
                ),
                "pt": (
                    "Escreva um e-mail de follow-up para {contact}, da {customer}, depois da demo de ontem.",
                    "Pode escrever um e-mail para {contact} ({customer}) propondo uma call na próxima {weekday} "
                    "sobre o piloto da frota?",
                    "Me ajude a escrever um lembrete de renovação para a {customer}; o contrato termina em {date}.",
                ),
                "fr": (
                    "Rédige un e-mail de relance pour {contact} chez {customer} après la démo d'hier.",
                    "Tu peux écrire un e-mail à {contact} ({customer}) pour proposer un appel {weekday} prochain "
                    "sur le pilote de flotte ?",
                    "Aide-moi à écrire un rappel de renouvellement pour {customer}, leur contrat se termine le {date}.",
                ),
                "de": (
                    "Schreib eine Follow-up-Mail an {contact} von {customer} nach der Demo gestern.",
                    "Kannst du eine Mail an {contact} ({customer}) schreiben und einen Call nächsten {weekday} zum "
                    "Flottenpilot vorschlagen?",
                    "Hilf mir bei einer Erinnerung zur Vertragsverlängerung für {customer}, der Vertrag endet am "
                    "{date}.",
                ),
            },
            "answer": {
                "en": (
                    "Subject: Next steps after yesterday's demo\n\nHi {contact_first},\n\nThank you for taking the "
                    "time to see the Velora fleet platform yesterday. As discussed, I'm attaching the pilot "
                    "proposal for {fleet_size} Cargo C1 bikes, including service and insurance.\n\nWould {weekday} "
                    "at 10:00 work for a 30-minute call to go through the numbers with your operations team?\n\n"
                    "Best regards,\n{rep}",
                    "Subject: {customer} – renewal of your Velora fleet contract\n\nHi {contact_first},\n\nYour "
                    "current fleet agreement runs until {date}. To avoid any interruption in service, I'd suggest "
                    "we review usage and pricing for the renewal in the next two weeks.\n\nAre you available next "
                    "{weekday} for a short call?\n\nKind regards,\n{rep}",
                ),
                "es": (
                    "Asunto: Próximos pasos tras la demo de ayer\n\nHola, {contact_first}:\n\nGracias por dedicar "
                    "tiempo ayer a conocer la plataforma de flotas de Velora. Como comentamos, te adjunto la "
                    "propuesta de piloto con {fleet_size} bicis Cargo C1, con mantenimiento y seguro incluidos.\n\n"
                    "¿Te vendría bien el {weekday} a las 10:00 para una llamada de 30 minutos y revisar las cifras "
                    "con tu equipo de operaciones?\n\nUn saludo,\n{rep}",
                    "Asunto: {customer} – renovación de vuestro contrato de flota Velora\n\nHola, "
                    "{contact_first}:\n\nVuestro contrato de flota actual vence el {date}. Para evitar cualquier "
                    "interrupción del servicio, te propongo que revisemos el uso y el precio de la renovación en "
                    "las próximas dos semanas.\n\n¿Tienes un hueco el próximo {weekday} para una llamada corta?\n\n"
                    "Un saludo,\n{rep}",
                ),
                "pt": (
                    "Assunto: Próximos passos após a demo de ontem\n\nOlá, {contact_first},\n\nObrigado por dedicar "
                    "um tempo ontem para conhecer a plataforma de frotas da Velora. Como combinamos, envio em anexo "
                    "a proposta do piloto com {fleet_size} bicicletas Cargo C1, incluindo manutenção e seguro.\n\n"
                    "Você teria disponibilidade na {weekday} às 10h para uma call de 30 minutos e revisarmos os "
                    "números com sua equipe de operações?\n\nAbraços,\n{rep}",
                    "Assunto: {customer} – renovação do contrato de frota Velora\n\nOlá, {contact_first},\n\nO "
                    "contrato atual de frota de vocês vai até {date}. Para evitar qualquer interrupção no serviço, "
                    "sugiro revisarmos o uso e os preços da renovação nas próximas duas semanas.\n\nVocê tem um "
                    "horário na próxima {weekday} para uma conversa rápida?\n\nAtenciosamente,\n{rep}",
                ),
                "fr": (
                    "Objet : Suite à la démo d'hier\n\nBonjour {contact_first},\n\nMerci d'avoir pris le temps de "
                    "découvrir hier la plateforme de flotte Velora. Comme convenu, je vous joins la proposition de "
                    "pilote pour {fleet_size} vélos Cargo C1, entretien et assurance compris.\n\nSeriez-vous "
                    "disponible {weekday} à 10 h pour un appel de 30 minutes afin de passer en revue les chiffres "
                    "avec votre équipe opérations ?\n\nBien cordialement,\n{rep}",
                    "Objet : {customer} – renouvellement de votre contrat de flotte Velora\n\nBonjour "
                    "{contact_first},\n\nVotre contrat de flotte actuel arrive à échéance le {date}. Pour éviter "
                    "toute interruption de service, je vous propose de faire le point sur l'utilisation et les "
                    "tarifs du renouvellement dans les deux prochaines semaines.\n\nAuriez-vous un créneau "
                    "{weekday} prochain pour un court échange ?\n\nBien cordialement,\n{rep}",
                ),
                "de": (
                    "Betreff: Nächste Schritte nach der Demo\n\nHallo {contact_first},\n\nvielen Dank, dass Sie "
                    "sich gestern die Velora-Flottenplattform angesehen haben. Wie besprochen sende ich Ihnen "
                    "anbei das Pilotangebot für {fleet_size} Cargo-C1-Räder inklusive Wartung und Versicherung.\n\n"
                    "Passt Ihnen {weekday} um 10:00 Uhr für einen 30-minütigen Call, um die Zahlen mit Ihrem "
                    "Operations-Team durchzugehen?\n\nViele Grüße\n{rep}",
                    "Betreff: {customer} – Verlängerung Ihres Velora-Flottenvertrags\n\nHallo {contact_first},\n\n"
                    "Ihr aktueller Flottenvertrag läuft bis zum {date}. Damit es zu keiner Unterbrechung kommt, "
                    "schlage ich vor, dass wir Nutzung und Preise für die Verlängerung in den nächsten zwei Wochen "
                    "besprechen.\n\nHätten Sie nächsten {weekday} Zeit für ein kurzes Gespräch?\n\nViele Grüße\n"
                    "{rep}",
                ),
            },
        },
        "summarise_account": {
            "ask": {
                "en": (
                    "Summarise the {customer} account for me.",
                    "Give me a quick overview of {customer}: open deals, last contact, risks.",
                    "What's the status of {customer}? I have a call with them in an hour.",
                ),
                "es": (
                    "Resúmeme la cuenta de {customer}.",
                    "Dame una visión rápida de {customer}: oportunidades abiertas, último contacto y riesgos.",
                    "¿Cómo está la cuenta de {customer}? Tengo una llamada con ellos en una hora.",
                ),
                "pt": (
                    "Resuma a conta da {customer} para mim.",
                    "Me dá uma visão rápida da {customer}: oportunidades abertas, último contato e riscos.",
                    "Como está a conta da {customer}? Tenho uma call com eles daqui a uma hora.",
                ),
                "fr": (
                    "Résume-moi le compte {customer}.",
                    "Donne-moi un aperçu rapide de {customer} : opportunités ouvertes, dernier contact, risques.",
                    "Où en est {customer} ? J'ai un appel avec eux dans une heure.",
                ),
                "de": (
                    "Fass mir den Account {customer} zusammen.",
                    "Gib mir einen kurzen Überblick über {customer}: offene Deals, letzter Kontakt, Risiken.",
                    "Wie steht es um {customer}? Ich habe in einer Stunde einen Call mit ihnen.",
                ),
            },
            "answer": {
                "en": (
                    "{customer} — summary\n• Customer since {since}, {fleet_size} bikes under contract, ARR {arr}.\n"
                    "• Open opportunity: fleet expansion ({deal_stage}), expected close {date}.\n• Last contact: "
                    "{days} days ago ({contact}, email about service response times).\n• Risk: two escalated "
                    "service tickets this quarter; worth acknowledging on the call.",
                    "Here's where {customer} stands: ARR {arr}, {fleet_size} bikes, renewal on {date}. The "
                    "expansion deal is in {deal_stage}. {contact} is the main sponsor; procurement asked for a "
                    "revised quote last week. No open support escalations.",
                ),
                "es": (
                    "{customer} — resumen\n• Cliente desde {since}, {fleet_size} bicis bajo contrato, ARR {arr}.\n"
                    "• Oportunidad abierta: ampliación de flota ({deal_stage}), cierre previsto el {date}.\n"
                    "• Último contacto: hace {days} días ({contact}, correo sobre tiempos de respuesta del servicio "
                    "técnico).\n• Riesgo: dos incidencias escaladas este trimestre; conviene mencionarlas en la "
                    "llamada.",
                    "Situación de {customer}: ARR {arr}, {fleet_size} bicis, renovación el {date}. La ampliación "
                    "está en fase {deal_stage}. {contact} es el principal sponsor; compras pidió una oferta "
                    "revisada "
                    "la semana pasada. No hay escalados abiertos de soporte.",
                ),
                "pt": (
                    "{customer} — resumo\n• Cliente desde {since}, {fleet_size} bicicletas em contrato, ARR de "
                    "{arr}.\n• Oportunidade aberta: expansão da frota ({deal_stage}), fechamento previsto em "
                    "{date}.\n"
                    "• Último contato: há {days} dias ({contact}, e-mail sobre tempo de resposta da assistência).\n"
                    "• Risco: dois chamados escalados neste trimestre; vale mencionar na call.",
                    "Situação da {customer}: ARR de {arr}, {fleet_size} bicicletas, renovação em {date}. A expansão "
                    "está na fase {deal_stage}. {contact} é o principal sponsor; compras pediu uma proposta "
                    "revisada "
                    "semana passada. Nenhuma escalação de suporte em aberto.",
                ),
                "fr": (
                    "{customer} — synthèse\n• Client depuis {since}, {fleet_size} vélos sous contrat, ARR {arr}.\n"
                    "• Opportunité ouverte : extension de flotte ({deal_stage}), signature prévue le {date}.\n"
                    "• Dernier contact : il y a {days} jours ({contact}, e-mail sur les délais d'intervention).\n"
                    "• Risque : deux tickets escaladés ce trimestre ; à mentionner pendant l'appel.",
                    "Point sur {customer} : ARR {arr}, {fleet_size} vélos, renouvellement le {date}. "
                    "L'extension est "
                    "au stade {deal_stage}. {contact} est le sponsor principal ; les achats ont demandé un devis "
                    "révisé la semaine dernière. Aucune escalade support en cours.",
                ),
                "de": (
                    "{customer} — Zusammenfassung\n• Kunde seit {since}, {fleet_size} Räder unter Vertrag, ARR "
                    "{arr}.\n• Offene Opportunity: Flottenerweiterung ({deal_stage}), geplanter Abschluss am "
                    "{date}.\n"
                    "• Letzter Kontakt: vor {days} Tagen ({contact}, Mail zu Reaktionszeiten im Service).\n"
                    "• Risiko: zwei eskalierte Service-Tickets in diesem Quartal; im Call ansprechen.",
                    "Stand {customer}: ARR {arr}, {fleet_size} Räder, Verlängerung am {date}. Die "
                    "Erweiterung ist in "
                    "der Phase {deal_stage}. {contact} ist der wichtigste Sponsor; der Einkauf hat letzte Woche ein "
                    "überarbeitetes Angebot angefragt. Keine offenen Support-Eskalationen.",
                ),
            },
        },
        "meeting_prep": {
            "ask": {
                "en": (
                    "Prepare me for my meeting with {customer} on {weekday}.",
                    "What should I bring up in tomorrow's QBR with {customer}?",
                    "Give me three talking points for the {customer} call.",
                ),
                "es": (
                    "Prepárame la reunión con {customer} del {weekday}.",
                    "¿Qué debería sacar en la QBR de mañana con {customer}?",
                    "Dame tres puntos clave para la llamada con {customer}.",
                ),
                "pt": (
                    "Me prepare para a reunião com a {customer} na {weekday}.",
                    "O que eu devo levantar na QBR de amanhã com a {customer}?",
                    "Me dê três pontos principais para a call com a {customer}.",
                ),
                "fr": (
                    "Prépare-moi pour mon rendez-vous avec {customer} {weekday}.",
                    "Qu'est-ce que je dois aborder à la QBR de demain avec {customer} ?",
                    "Donne-moi trois points clés pour l'appel avec {customer}.",
                ),
                "de": (
                    "Bereite mich auf mein Meeting mit {customer} am {weekday} vor.",
                    "Was sollte ich im QBR morgen mit {customer} ansprechen?",
                    "Gib mir drei Gesprächspunkte für den Call mit {customer}.",
                ),
            },
            "answer": {
                "en": (
                    "Talking points for {customer}:\n1. Fleet uptime was {uptime}% last quarter — above the "
                    "97% SLA.\n"
                    "2. Propose moving the {fleet_size} bikes to the new Cargo C1 with the larger battery.\n3. Ask "
                    "about their expansion plans; procurement mentioned a tender.\nLikely objection: price "
                    "per bike. "
                    "Have the 36-month leasing option ready.",
                    "For the {customer} QBR: open with the uptime numbers ({uptime}%), then review the two service "
                    "escalations and what changed. Close with the renewal timeline ({date}) and the expansion "
                    "proposal.",
                ),
                "es": (
                    "Puntos clave para {customer}:\n1. La disponibilidad de la flota fue del {uptime} % el último "
                    "trimestre, por encima del SLA del 97 %.\n2. Proponer pasar las {fleet_size} bicis a la nueva "
                    "Cargo C1 con batería más grande.\n3. Preguntar por sus planes de expansión; compras mencionó "
                    "una licitación.\nObjeción probable: precio por bici. Ten preparada la opción de renting a 36 "
                    "meses.",
                    "Para la QBR de {customer}: empieza con los datos de disponibilidad ({uptime} %), repasa "
                    "las dos "
                    "incidencias escaladas y qué ha cambiado, y cierra con el calendario de renovación ({date}) y "
                    "la propuesta de ampliación.",
                ),
                "pt": (
                    "Pontos principais para a {customer}:\n1. A disponibilidade da frota foi de {uptime}% no último "
                    "trimestre, acima do SLA de 97%.\n2. Propor migrar as {fleet_size} bicicletas para a nova Cargo "
                    "C1, com bateria maior.\n3. Perguntar sobre os planos de expansão; compras mencionou uma "
                    "concorrência.\nObjeção provável: preço por bicicleta. Tenha pronta a opção de leasing em 36 "
                    "meses.",
                    "Para a QBR da {customer}: comece com os números de disponibilidade ({uptime}%), revise as duas "
                    "escalações de serviço e o que mudou, e feche com o cronograma de renovação ({date}) e a "
                    "proposta de expansão.",
                ),
                "fr": (
                    "Points clés pour {customer} :\n1. La disponibilité de la flotte était de {uptime} % le "
                    "trimestre dernier, au-dessus du SLA de 97 %.\n2. Proposer de passer les {fleet_size} vélos sur "
                    "le nouveau Cargo C1 à plus grande batterie.\n3. Demander leurs projets d'expansion ; "
                    "les achats "
                    "ont évoqué un appel d'offres.\nObjection probable : le prix par vélo. Gardez l'option de "
                    "location sur 36 mois sous la main.",
                    "Pour la QBR de {customer} : commencez par les chiffres de disponibilité ({uptime} %), revenez "
                    "sur les deux escalades de service et ce qui a changé, puis terminez par le calendrier de "
                    "renouvellement ({date}) et la proposition d'extension.",
                ),
                "de": (
                    "Gesprächspunkte für {customer}:\n1. Die Flottenverfügbarkeit lag im letzten Quartal bei "
                    "{uptime} %, über dem SLA von 97 %.\n2. Vorschlagen, die {fleet_size} Räder auf das neue Cargo "
                    "C1 mit größerem Akku umzustellen.\n3. Nach Expansionsplänen fragen; der Einkauf hat eine "
                    "Ausschreibung erwähnt.\nWahrscheinlicher Einwand: Preis pro Rad. Halte die "
                    "36-Monats-Leasingoption bereit.",
                    "Für das QBR mit {customer}: Starte mit den Verfügbarkeitszahlen ({uptime} %), geh die zwei "
                    "Service-Eskalationen und die Verbesserungen durch und schließe mit dem Zeitplan für die "
                    "Verlängerung ({date}) und dem Erweiterungsangebot.",
                ),
            },
        },
    },
    "deal-research-agent": {
        "company_research": {
            "ask": {
                "en": (
                    "Research {company} before my first call with them: size, fleet, recent news.",
                    "What do we know about {company}? Are they a good fit for our fleet offer?",
                    "Find recent news about {company} and whether they're expanding their delivery fleet.",
                ),
                "es": (
                    "Investiga {company} antes de mi primera llamada: tamaño, flota y noticias recientes.",
                    "¿Qué sabemos de {company}? ¿Encaja con nuestra oferta de flotas?",
                    "Busca noticias recientes de {company} y si están ampliando su flota de reparto.",
                ),
                "pt": (
                    "Pesquise a {company} antes da minha primeira call: porte, frota e notícias recentes.",
                    "O que sabemos sobre a {company}? Ela tem perfil para a nossa oferta de frotas?",
                    "Procure notícias recentes da {company} e se estão ampliando a frota de entregas.",
                ),
                "fr": (
                    "Fais une recherche sur {company} avant mon premier appel : taille, flotte, actualités récentes.",
                    "Qu'est-ce qu'on sait sur {company} ? Est-ce une bonne cible pour notre offre flotte ?",
                    "Trouve les dernières actualités de {company} et s'ils agrandissent leur flotte de livraison.",
                ),
                "de": (
                    "Recherchiere {company} vor meinem ersten Call: Größe, Flotte, aktuelle News.",
                    "Was wissen wir über {company}? Passen sie zu unserem Flottenangebot?",
                    "Such aktuelle Nachrichten zu {company} und ob sie ihre Lieferflotte ausbauen.",
                ),
            },
            "answer": {
                "en": (
                    "Research brief: {company}\n\nProfile: {segment} company headquartered in {city}, about "
                    "{employees} employees; operates roughly {fleet_size} delivery vehicles, mostly vans.\nRecent "
                    "news: announced a zero-emission last-mile target for {target_year} and opened two new urban "
                    "hubs this year.\nFit: strong — dense urban routes and an explicit emissions target. Suggested "
                    "angle: a 20-bike Cargo C1 pilot in one hub, priced per bike per month.\nSources: company "
                    "website, annual report {report_year}, two press articles (links in the attached notes).",
                    "Here's what I found on {company}: {segment}, ~{employees} employees, HQ in {city}. They run "
                    "about {fleet_size} vehicles and are piloting cargo bikes with a competitor in one city. Their "
                    "sustainability report sets a {target_year} target for zero-emission deliveries. Decision "
                    "makers: Head of Fleet and the COO. Recommendation: lead with total cost of ownership "
                    "vs. vans.",
                ),
                "es": (
                    "Informe: {company}\n\nPerfil: empresa de {segment} con sede en {city}, unos {employees} "
                    "empleados; opera aproximadamente {fleet_size} vehículos de reparto, sobre todo furgonetas.\n"
                    "Noticias recientes: ha anunciado un objetivo de última milla cero emisiones para {target_year} "
                    "y ha abierto dos nuevos hubs urbanos este año.\nEncaje: alto — rutas urbanas densas y un "
                    "objetivo explícito de emisiones. Enfoque sugerido: un piloto de 20 bicis Cargo C1 en un hub, "
                    "con precio por bici y mes.\nFuentes: web corporativa, informe anual {report_year} y dos "
                    "artículos de prensa (enlaces en las notas adjuntas).",
                    "Esto es lo que he encontrado sobre {company}: {segment}, unos {employees} empleados, sede en "
                    "{city}. Operan unos {fleet_size} vehículos y están probando bicis de carga con un "
                    "competidor en "
                    "una ciudad. Su informe de sostenibilidad fija {target_year} como objetivo de reparto sin "
                    "emisiones. Decisores: responsable de flota y director de operaciones. Recomendación: abrir con "
                    "el coste total de propiedad frente a las furgonetas.",
                ),
                "pt": (
                    "Resumo de pesquisa: {company}\n\nPerfil: empresa de {segment} com sede em {city}, cerca de "
                    "{employees} funcionários; opera aproximadamente {fleet_size} veículos de entrega, "
                    "principalmente vans.\nNotícias recentes: anunciou uma meta de última milha com emissão zero "
                    "para {target_year} e abriu dois novos hubs urbanos este ano.\nAderência: alta — rotas urbanas "
                    "densas e uma meta explícita de emissões. Abordagem sugerida: um piloto de 20 bicicletas Cargo "
                    "C1 em um hub, com preço por bicicleta por mês.\nFontes: site da empresa, relatório anual "
                    "{report_year} e duas matérias de imprensa (links nas notas anexas).",
                    "Veja o que encontrei sobre a {company}: {segment}, cerca de {employees} funcionários, sede em "
                    "{city}. Operam uns {fleet_size} veículos e estão testando bicicletas de carga com um "
                    "concorrente em uma cidade. O relatório de sustentabilidade define {target_year} como meta para "
                    "entregas sem emissões. Decisores: head de frota e o diretor de operações. Recomendação: "
                    "começar "
                    "pelo custo total de propriedade em comparação com as vans.",
                ),
                "fr": (
                    "Fiche de recherche : {company}\n\nProfil : entreprise de {segment} basée à {city}, environ "
                    "{employees} salariés ; exploite près de {fleet_size} véhicules de livraison, surtout des "
                    "utilitaires.\nActualités : objectif de dernier kilomètre zéro émission annoncé pour "
                    "{target_year} et deux nouveaux hubs urbains ouverts cette année.\nAdéquation : forte — "
                    "tournées urbaines denses et objectif d'émissions explicite. Angle proposé : un pilote de 20 "
                    "vélos Cargo C1 sur un hub, facturé par vélo et par mois.\nSources : site de l'entreprise, "
                    "rapport annuel {report_year}, deux articles de presse (liens dans les notes jointes).",
                    "Voici ce que j'ai trouvé sur {company} : {segment}, environ {employees} salariés, siège à "
                    "{city}. Ils exploitent environ {fleet_size} véhicules et testent des vélos cargo avec un "
                    "concurrent dans une ville. Leur rapport RSE fixe {target_year} comme objectif de livraisons "
                    "zéro émission. Décideurs : le responsable flotte et le directeur des opérations. "
                    "Recommandation : commencer par le coût total de possession face aux utilitaires.",
                ),
                "de": (
                    "Recherche: {company}\n\nProfil: Unternehmen aus dem Bereich {segment} mit Sitz in {city}, rund "
                    "{employees} Mitarbeitende; betreibt etwa {fleet_size} Lieferfahrzeuge, überwiegend "
                    "Transporter.\nAktuelles: hat ein emissionsfreies Ziel für die letzte Meile bis {target_year} "
                    "angekündigt und dieses Jahr zwei neue Stadt-Hubs eröffnet.\nPassung: hoch — dichte "
                    "Innenstadtrouten und ein klares Emissionsziel. Vorgeschlagener Ansatz: ein Pilot mit 20 "
                    "Cargo-C1-Rädern in einem Hub, Preis pro Rad und Monat.\nQuellen: Unternehmenswebsite, "
                    "Geschäftsbericht {report_year}, zwei Presseartikel (Links in den angehängten Notizen).",
                    "Das habe ich zu {company} gefunden: {segment}, rund {employees} Mitarbeitende, Sitz in {city}. "
                    "Sie betreiben etwa {fleet_size} Fahrzeuge und testen in einer Stadt Lastenräder mit einem "
                    "Wettbewerber. Ihr Nachhaltigkeitsbericht nennt {target_year} als Ziel für emissionsfreie "
                    "Zustellung. Entscheider: Fuhrparkleitung und COO. Empfehlung: mit den Gesamtkosten im "
                    "Vergleich "
                    "zu Transportern einsteigen.",
                ),
            },
        },
        "competitor_comparison": {
            "ask": {
                "en": (
                    "How does our Cargo C1 compare with {competitor}'s cargo bike for fleet customers?",
                    "Build a comparison of Velora vs {competitor} on price, service and battery range.",
                    "A prospect says {competitor} is 15% cheaper. What's our counter-argument?",
                ),
                "es": (
                    "¿Cómo se compara nuestra Cargo C1 con la bici de carga de {competitor} para clientes de flotas?",
                    "Haz una comparativa de Velora frente a {competitor} en precio, servicio y autonomía.",
                    "Un cliente potencial dice que {competitor} es un 15 % más barato. ¿Qué le respondemos?",
                ),
                "pt": (
                    "Como a nossa Cargo C1 se compara com a bicicleta de carga da {competitor} para clientes de frota?",
                    "Monte uma comparação entre Velora e {competitor} em preço, serviço e autonomia.",
                    "Um prospect disse que a {competitor} é 15% mais barata. Qual é o nosso contra-argumento?",
                ),
                "fr": (
                    "Comment notre Cargo C1 se compare-t-il au vélo cargo de {competitor} pour les clients flotte ?",
                    "Fais un comparatif Velora vs {competitor} sur le prix, le service et l'autonomie.",
                    "Un prospect dit que {competitor} est 15 % moins cher. Quel est notre contre-argument ?",
                ),
                "de": (
                    "Wie schneidet unser Cargo C1 im Vergleich zum Lastenrad von {competitor} für Flottenkunden ab?",
                    "Erstell einen Vergleich Velora vs. {competitor} zu Preis, Service und Reichweite.",
                    "Ein Interessent sagt, {competitor} sei 15 % günstiger. Was ist unser Gegenargument?",
                ),
            },
            "answer": {
                "en": (
                    "Velora Cargo C1 vs {competitor}\n• Price: {competitor} lists about 12–15% lower per bike, but "
                    "service is billed separately; our monthly fleet price includes maintenance and insurance.\n"
                    "• Battery range: C1 up to 120 km vs about 90 km.\n• Service: 48-hour on-site repair SLA in 14 "
                    "cities vs workshop drop-off.\nCounter-argument: compare total cost per bike per month "
                    "including downtime, not list price.",
                    "Summary: {competitor} wins on upfront price; Velora wins on range, uptime and included "
                    "service. "
                    "For a 50-bike fleet over 36 months, our estimate puts Velora about 6% cheaper in total cost "
                    "once repairs and replacement bikes are counted. Sources: {competitor} public price list and "
                    "two fleet tenders from {report_year}.",
                ),
                "es": (
                    "Velora Cargo C1 frente a {competitor}\n• Precio: {competitor} está un 12–15 % por debajo por "
                    "bici, pero el mantenimiento se factura aparte; nuestro precio mensual de flota incluye "
                    "mantenimiento y seguro.\n• Autonomía: la C1 llega a 120 km frente a unos 90 km.\n• Servicio: "
                    "reparación in situ en 48 horas en 14 ciudades frente a llevarla al taller.\nArgumento: "
                    "comparar "
                    "el coste total por bici y mes incluyendo el tiempo parado, no el precio de catálogo.",
                    "Resumen: {competitor} gana en precio inicial; Velora gana en autonomía, disponibilidad y "
                    "servicio incluido. Para una flota de 50 bicis a 36 meses, nuestra estimación sitúa a Velora un "
                    "6 % por debajo en coste total al contar reparaciones y bicis de sustitución. Fuentes: tarifa "
                    "pública de {competitor} y dos licitaciones de flota de {report_year}.",
                ),
                "pt": (
                    "Velora Cargo C1 vs {competitor}\n• Preço: a {competitor} cobra cerca de 12–15% menos por "
                    "bicicleta, mas a manutenção é cobrada à parte; nosso preço mensal de frota inclui manutenção e "
                    "seguro.\n• Autonomia: a C1 chega a 120 km contra cerca de 90 km.\n• Serviço: SLA de reparo no "
                    "local em 48 horas em 14 cidades contra levar à oficina.\nContra-argumento: comparar o custo "
                    "total por bicicleta por mês, incluindo tempo parado, e não o preço de tabela.",
                    "Resumo: a {competitor} ganha no preço inicial; a Velora ganha em autonomia, disponibilidade e "
                    "serviço incluído. Para uma frota de 50 bicicletas em 36 meses, nossa estimativa coloca a "
                    "Velora cerca de 6% mais barata no custo total, contando reparos e bicicletas reserva. Fontes: "
                    "tabela pública da {competitor} e duas concorrências de frota de {report_year}.",
                ),
                "fr": (
                    "Velora Cargo C1 vs {competitor}\n• Prix : {competitor} affiche environ 12 à 15 % de moins par "
                    "vélo, mais l'entretien est facturé à part ; notre tarif flotte mensuel inclut entretien et "
                    "assurance.\n• Autonomie : jusqu'à 120 km pour le C1 contre environ 90 km.\n• Service : "
                    "réparation sur site sous 48 heures dans 14 villes contre dépôt en atelier.\nContre-argument : "
                    "comparer le coût total par vélo et par mois, immobilisations comprises, pas le prix catalogue.",
                    "En résumé : {competitor} gagne sur le prix d'achat ; Velora gagne sur l'autonomie, la "
                    "disponibilité et le service inclus. Pour une flotte de 50 vélos sur 36 mois, notre estimation "
                    "place Velora environ 6 % moins cher en coût total, réparations et vélos de remplacement "
                    "compris. Sources : grille tarifaire publique de {competitor} et deux appels d'offres flotte de "
                    "{report_year}.",
                ),
                "de": (
                    "Velora Cargo C1 vs. {competitor}\n• Preis: {competitor} liegt pro Rad etwa 12–15 % niedriger, "
                    "berechnet Wartung aber extra; unser monatlicher Flottenpreis enthält Wartung und "
                    "Versicherung.\n"
                    "• Reichweite: C1 bis zu 120 km gegenüber etwa 90 km.\n• Service: 48-Stunden-Reparatur vor Ort "
                    "in 14 Städten statt Werkstattabgabe.\nGegenargument: Gesamtkosten pro Rad und Monat inklusive "
                    "Ausfallzeiten vergleichen, nicht den Listenpreis.",
                    "Fazit: {competitor} gewinnt beim Anschaffungspreis; Velora bei Reichweite, Verfügbarkeit und "
                    "inklusivem Service. Für eine Flotte von 50 Rädern über 36 Monate liegt Velora nach unserer "
                    "Schätzung in den Gesamtkosten etwa 6 % günstiger, wenn Reparaturen und Ersatzräder "
                    "eingerechnet "
                    "werden. Quellen: öffentliche Preisliste von {competitor} und zwei Flottenausschreibungen aus "
                    "{report_year}.",
                ),
            },
        },
    },
    "code-assistant": {
        "explain_error": {
            "ask": {
                "en": (
                    "What does this error mean?\n{error}",
                    "Getting this when I run the job, any idea? {error}",
                    "Can you explain this error and how to fix it: {error}",
                ),
                "es": (
                    "¿Qué significa este error?\n{error}",
                    "Me sale esto al ejecutar el job, ¿alguna idea? {error}",
                    "¿Me explicas este error y cómo arreglarlo? {error}",
                ),
                "pt": (
                    "O que significa esse erro?\n{error}",
                    "Está dando isso quando rodo o job, alguma ideia? {error}",
                    "Pode explicar esse erro e como corrigir? {error}",
                ),
                "fr": (
                    "Que veut dire cette erreur ?\n{error}",
                    "J'ai ça quand je lance le job, une idée ? {error}",
                    "Tu peux m'expliquer cette erreur et comment la corriger ? {error}",
                ),
                "de": (
                    "Was bedeutet dieser Fehler?\n{error}",
                    "Das bekomme ich, wenn ich den Job starte, eine Idee? {error}",
                    "Kannst du mir den Fehler erklären und wie ich ihn behebe? {error}",
                ),
            },
            "answer": {
                "en": (
                    "{explanation}\n\nIf it still fails after that, paste the full stack trace and I'll take "
                    "another look.",
                    "In short: {explanation}",
                ),
                "es": (
                    "{explanation}\n\nSi sigue fallando, pega la traza completa y lo vuelvo a mirar.",
                    "En resumen: {explanation}",
                ),
                "pt": (
                    "{explanation}\n\nSe continuar falhando, cole o stack trace completo que eu dou outra olhada.",
                    "Resumindo: {explanation}",
                ),
                "fr": (
                    "{explanation}\n\nSi ça échoue encore, colle la stack trace complète et je regarde à nouveau.",
                    "En bref : {explanation}",
                ),
                "de": (
                    "{explanation}\n\nWenn es danach noch fehlschlägt, füge den kompletten Stacktrace ein, dann "
                    "schaue ich nochmal.",
                    "Kurz gesagt: {explanation}",
                ),
            },
        },
        "write_sql": {
            "ask": {
                "en": (
                    "Write a SQL query that returns {sql_question}.",
                    "Can you help me with the SQL for {sql_question}? Tables are orders and customers.",
                    "I need a Postgres query: {sql_question}.",
                ),
                "es": (
                    "Escribe una consulta SQL que devuelva {sql_question}.",
                    "¿Me ayudas con el SQL para {sql_question}? Las tablas son orders y customers.",
                    "Necesito una consulta de Postgres: {sql_question}.",
                ),
                "pt": (
                    "Escreva uma query SQL que retorne {sql_question}.",
                    "Pode me ajudar com o SQL para {sql_question}? As tabelas são orders e customers.",
                    "Preciso de uma query no Postgres: {sql_question}.",
                ),
                "fr": (
                    "Écris une requête SQL qui renvoie {sql_question}.",
                    "Tu peux m'aider avec le SQL pour {sql_question} ? Les tables sont orders et customers.",
                    "J'ai besoin d'une requête Postgres : {sql_question}.",
                ),
                "de": (
                    "Schreib eine SQL-Abfrage, die {sql_question} liefert.",
                    "Kannst du mir beim SQL für {sql_question} helfen? Die Tabellen heißen orders und customers.",
                    "Ich brauche eine Postgres-Abfrage für {sql_question}.",
                ),
            },
            "answer": {
                "en": (
                    "Here you go:\n\n```sql\n{sql}\n```\n\nAdjust the date filter if your fiscal year "
                    "doesn't follow "
                    "the calendar year.",
                    "This should work in Postgres:\n\n```sql\n{sql}\n```",
                ),
                "es": (
                    "Aquí la tienes:\n\n```sql\n{sql}\n```\n\nAjusta el filtro de fechas si vuestro año fiscal no "
                    "coincide con el natural.",
                    "Esto debería funcionar en Postgres:\n\n```sql\n{sql}\n```",
                ),
                "pt": (
                    "Aqui está:\n\n```sql\n{sql}\n```\n\nAjuste o filtro de datas se o ano fiscal de vocês não "
                    "seguir o ano civil.",
                    "Isso deve funcionar no Postgres:\n\n```sql\n{sql}\n```",
                ),
                "fr": (
                    "Voilà :\n\n```sql\n{sql}\n```\n\nAdapte le filtre de dates si votre exercice fiscal ne "
                    "suit pas "
                    "l'année civile.",
                    "Ceci devrait fonctionner sous Postgres :\n\n```sql\n{sql}\n```",
                ),
                "de": (
                    "Bitte schön:\n\n```sql\n{sql}\n```\n\nPass den Datumsfilter an, falls euer Geschäftsjahr nicht "
                    "dem Kalenderjahr entspricht.",
                    "Das sollte in Postgres funktionieren:\n\n```sql\n{sql}\n```",
                ),
            },
        },
        "write_test": {
            "ask": {
                "en": (
                    "Write a pytest unit test for the function {func} in {module}.",
                    "Can you generate tests for {func}? It should cover the edge cases.",
                    "Help me test {func} with a couple of edge cases.",
                ),
                "es": (
                    "Escribe un test unitario con pytest para la función {func} de {module}.",
                    "¿Puedes generar tests para {func}? Tiene que cubrir los casos límite.",
                    "Ayúdame a probar {func} con un par de casos límite.",
                ),
                "pt": (
                    "Escreva um teste unitário com pytest para a função {func} do {module}.",
                    "Pode gerar testes para {func}? Precisa cobrir os casos de borda.",
                    "Me ajude a testar {func} com alguns casos de borda.",
                ),
                "fr": (
                    "Écris un test unitaire pytest pour la fonction {func} de {module}.",
                    "Tu peux générer des tests pour {func} ? Il faut couvrir les cas limites.",
                    "Aide-moi à tester {func} avec quelques cas limites.",
                ),
                "de": (
                    "Schreib einen pytest-Unit-Test für die Funktion {func} in {module}.",
                    "Kannst du Tests für {func} erzeugen? Die Randfälle sollen abgedeckt sein.",
                    "Hilf mir, {func} mit ein paar Randfällen zu testen.",
                ),
            },
            "answer": {
                "en": (
                    "Here's a test module for {func}:\n\n```python\n{test_code}```\n\nRun it with pytest -q.",
                    "Sure — these cover the happy path and the edge cases:\n\n```python\n{test_code}```",
                ),
                "es": (
                    "Aquí tienes un módulo de tests para {func}:\n\n```python\n{test_code}```\n\nEjecútalo con "
                    "pytest -q.",
                    "Claro, estos cubren el caso normal y los casos límite:\n\n```python\n{test_code}```",
                ),
                "pt": (
                    "Aqui está um módulo de testes para {func}:\n\n```python\n{test_code}```\n\nRode com pytest -q.",
                    "Claro, estes cobrem o caminho feliz e os casos de borda:\n\n```python\n{test_code}```",
                ),
                "fr": (
                    "Voici un module de tests pour {func} :\n\n```python\n{test_code}```\n\nLance-le avec pytest -q.",
                    "Bien sûr, ces tests couvrent le cas nominal et les cas limites :\n\n```python\n{test_code}```",
                ),
                "de": (
                    "Hier ist ein Testmodul für {func}:\n\n```python\n{test_code}```\n\nAusführen mit pytest -q.",
                    "Klar – die decken den Normalfall und die Randfälle ab:\n\n```python\n{test_code}```",
                ),
            },
        },
    },
}

# ----------------------------------------------------------------------------------------------------------
# Slot values.
# ----------------------------------------------------------------------------------------------------------
MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    "pt": (
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "de": (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
}
WEEKDAYS = {  # Monday..Friday
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes"),
    "pt": ("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi"),
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"),
}
EXPENSE_ITEMS = {
    "en": ("a client dinner", "a train ticket", "a taxi to the airport", "a hotel night", "a home-office chair"),
    "es": (
        "una cena con un cliente",
        "un billete de tren",
        "un taxi al aeropuerto",
        "una noche de hotel",
        "una silla para teletrabajar",
    ),
    "pt": (
        "um jantar com cliente",
        "uma passagem de trem",
        "um táxi para o aeroporto",
        "uma diária de hotel",
        "uma cadeira para home office",
    ),
    "fr": (
        "un dîner client",
        "un billet de train",
        "un taxi pour l'aéroport",
        "une nuit d'hôtel",
        "une chaise pour le télétravail",
    ),
    "de": (
        "ein Kundenessen",
        "eine Bahnfahrkarte",
        "ein Taxi zum Flughafen",
        "eine Hotelübernachtung",
        "einen Bürostuhl fürs Homeoffice",
    ),
}
# (product without article, product with indefinite article) per language.
PRODUCTS = {
    "en": (
        ("Velora Urban 2 e-bike", "a Velora Urban 2 e-bike"),
        ("Commuter 500 battery", "a Commuter 500 battery"),
        ("Velora Aero helmet", "a Velora Aero helmet"),
        ("Velora Trail X e-bike", "a Velora Trail X e-bike"),
    ),
    "es": (
        ("bici eléctrica Velora Urban 2", "una bici eléctrica Velora Urban 2"),
        ("batería Commuter 500", "una batería Commuter 500"),
        ("casco Velora Aero", "un casco Velora Aero"),
        ("bici eléctrica Velora Trail X", "una bici eléctrica Velora Trail X"),
    ),
    "pt": (
        ("bicicleta elétrica Velora Urban 2", "uma bicicleta elétrica Velora Urban 2"),
        ("bateria Commuter 500", "uma bateria Commuter 500"),
        ("capacete Velora Aero", "um capacete Velora Aero"),
        ("bicicleta elétrica Velora Trail X", "uma bicicleta elétrica Velora Trail X"),
    ),
    "fr": (
        ("vélo électrique Velora Urban 2", "un vélo électrique Velora Urban 2"),
        ("batterie Commuter 500", "une batterie Commuter 500"),
        ("casque Velora Aero", "un casque Velora Aero"),
        ("vélo électrique Velora Trail X", "un vélo électrique Velora Trail X"),
    ),
    "de": (
        ("Velora Urban 2 E-Bike", "ein Velora Urban 2 E-Bike"),
        ("Commuter-500-Akku", "einen Commuter-500-Akku"),
        ("Velora-Aero-Helm", "einen Velora-Aero-Helm"),
        ("Velora Trail X E-Bike", "ein Velora Trail X E-Bike"),
    ),
}
BIKES = ("Velora Urban 2", "Velora Trail X", "Velora Cargo C1")
LAPTOPS = ("MacBook Pro 14", "MacBook Air 13", "ThinkPad X1 Carbon", "Dell Latitude 7450")
SYSTEMS = ("Okta", "Windows", "SAP", "Salesforce", "Workday", "Jira")
VPN_ERRORS = (
    "Gateway vpn-eu.velora.com: The network connection is unreachable or the gateway is unresponsive.",
    "Could not connect to portal.",
    "Authentication failed: Invalid username or password.",
    "The server certificate is invalid.",
)
CUSTOMERS = (
    "Hartwell Logistics",
    "Grupo Solano",
    "Nordhafen Kurier",
    "Lumière Livraisons",
    "Rápido Entregas",
    "Metro Parcel Co.",
    "CleanCity Services",
    "FarmaPlus",
)
PROSPECTS = (
    "Brightway Couriers",
    "Transportes Olivera",
    "Stadtlogistik Rhein",
    "Colis Express Lyon",
    "Entrega Já",
    "GreenBasket Grocers",
    "Pharmalink Iberia",
    "UrbanFix Facility Services",
)
COMPETITORS = ("Urbike Pro", "CargoNova", "Lastwerk", "Bicicargo")
SEGMENTS = {
    "en": ("logistics", "food delivery", "pharmacy retail", "facility services"),
    "es": ("logística", "reparto de comida", "farmacia", "servicios de mantenimiento"),
    "pt": ("logística", "delivery de comida", "farmácias", "serviços de manutenção"),
    "fr": ("logistique", "livraison de repas", "pharmacie", "services aux bâtiments"),
    "de": ("Logistik", "Essenslieferung", "Apothekenhandel", "Facility Services"),
}
DEAL_STAGES = ("Discovery", "Proposal", "Negotiation")

# (error text as the tool prints it, explanation per language)
CODE_ERRORS = (
    (
        "KeyError: 'customer_id'",
        {
            "en": "Python raises KeyError when you access a key that isn't in the dict or DataFrame. Here the column "
            "'customer_id' doesn't exist — check df.columns; the export may have renamed it to 'CustomerID'. Use "
            "df.rename(columns={'CustomerID': 'customer_id'}) or df.get('customer_id').",
            "es": "Python lanza KeyError cuando accedes a una clave que no existe en el diccionario o "
            "DataFrame. Aquí la "
            "columna 'customer_id' no existe: revisa df.columns; puede que la exportación la haya renombrado a "
            "'CustomerID'. Usa df.rename(columns={'CustomerID': 'customer_id'}) o df.get('customer_id').",
            "pt": "O Python lança KeyError quando você acessa uma chave que não existe no dicionário ou "
            "DataFrame. Aqui a "
            "coluna 'customer_id' não existe: confira df.columns; talvez a exportação tenha renomeado para "
            "'CustomerID'. Use df.rename(columns={'CustomerID': 'customer_id'}) ou df.get('customer_id').",
            "fr": "Python lève KeyError quand on accède à une clé absente du dictionnaire ou du DataFrame. Ici, la "
            "colonne 'customer_id' n'existe pas : vérifie df.columns ; l'export l'a peut-être renommée en "
            "'CustomerID'. Utilise df.rename(columns={'CustomerID': 'customer_id'}) ou df.get('customer_id').",
            "de": "Python wirft KeyError, wenn du auf einen Schlüssel zugreifst, den es im Dict oder DataFrame nicht "
            "gibt. Hier existiert die Spalte 'customer_id' nicht – prüf df.columns; vielleicht hat der Export sie "
            "in 'CustomerID' umbenannt. Nutze df.rename(columns={'CustomerID': 'customer_id'}) oder "
            "df.get('customer_id').",
        },
    ),
    (
        "TypeError: Cannot read properties of undefined (reading 'map')",
        {
            "en": "In JavaScript this means you called .map on a value that is undefined — usually the API response "
            "hasn't arrived yet or the field name is different. Initialise the state with an empty array "
            "(useState([])) or guard with data?.items?.map(...).",
            "es": "En JavaScript significa que has llamado a .map sobre un valor undefined; normalmente la "
            "respuesta de "
            "la API aún no ha llegado o el campo se llama distinto. Inicializa el estado con un array vacío "
            "(useState([])) o protégelo con data?.items?.map(...).",
            "pt": "Em JavaScript, isso significa que você chamou .map em um valor undefined; normalmente a resposta da "
            "API ainda não chegou ou o nome do campo é outro. Inicialize o estado com um array vazio "
            "(useState([])) ou proteja com data?.items?.map(...).",
            "fr": "En JavaScript, cela veut dire que tu appelles .map sur une valeur undefined ; en général la réponse "
            "de l'API n'est pas encore arrivée ou le champ porte un autre nom. Initialise le state avec un tableau "
            "vide (useState([])) ou protège l'appel avec data?.items?.map(...).",
            "de": "In JavaScript heißt das, dass du .map auf einem undefined-Wert aufrufst – meist ist die API-Antwort "
            "noch nicht da oder das Feld heißt anders. Initialisiere den State mit einem leeren Array "
            "(useState([])) oder sichere den Aufruf mit data?.items?.map(...) ab.",
        },
    ),
    (
        'psycopg2.errors.UndefinedColumn: column "order_date" does not exist',
        {
            "en": "PostgreSQL can't find a column called order_date in that table. Column names are "
            "case-sensitive when "
            'they were created with quotes, so it may be "OrderDate"; run \\d orders in psql to list the real '
            "names.",
            "es": "PostgreSQL no encuentra ninguna columna order_date en esa tabla. Si las columnas se crearon con "
            'comillas, distinguen mayúsculas y minúsculas, así que puede llamarse "OrderDate"; ejecuta \\d '
            "orders en psql para ver los nombres reales.",
            "pt": "O PostgreSQL não encontra nenhuma coluna order_date nessa tabela. Se as colunas foram criadas com "
            'aspas, elas diferenciam maiúsculas e minúsculas, então pode ser "OrderDate"; rode \\d orders no '
            "psql para ver os nomes reais.",
            "fr": "PostgreSQL ne trouve pas de colonne order_date dans cette table. Si les colonnes ont été "
            "créées avec "
            'des guillemets, la casse compte : elle s\'appelle peut-être "OrderDate" ; lance \\d orders dans psql '
            "pour voir les vrais noms.",
            "de": "PostgreSQL findet in der Tabelle keine Spalte order_date. Wurden die Spalten mit Anführungszeichen "
            'angelegt, ist die Groß- und Kleinschreibung relevant – vielleicht heißt sie "OrderDate"; mit \\d '
            "orders in psql siehst du die echten Namen.",
        },
    ),
    (
        "ModuleNotFoundError: No module named 'pandas'",
        {
            "en": "The Python interpreter running your script doesn't have pandas installed — often because the job "
            "uses a different virtual environment than your terminal. Activate the project's venv and run pip "
            "install pandas, or add it to requirements.txt so the CI image includes it.",
            "es": "El intérprete de Python que ejecuta el script no tiene pandas instalado; a menudo el job usa un "
            "entorno virtual distinto al de tu terminal. Activa el venv del proyecto y ejecuta pip install "
            "pandas, o añádelo a requirements.txt para que la imagen de CI lo incluya.",
            "pt": "O interpretador Python que roda o script não tem o pandas instalado; muitas vezes o job usa um "
            "ambiente virtual diferente do seu terminal. Ative o venv do projeto e rode pip install pandas, ou "
            "adicione ao requirements.txt para a imagem de CI incluir.",
            "fr": "L'interpréteur Python qui exécute le script n'a pas pandas ; souvent le job utilise un autre "
            "environnement virtuel que ton terminal. Active le venv du projet et lance pip install pandas, ou "
            "ajoute-le à requirements.txt pour que l'image de CI l'inclue.",
            "de": "Dem Python-Interpreter, der dein Skript ausführt, fehlt pandas – oft nutzt der Job ein anderes "
            "virtuelles Environment als dein Terminal. Aktiviere das venv des Projekts und führe pip install "
            "pandas aus, oder trag es in requirements.txt ein, damit das CI-Image es enthält.",
        },
    ),
    (
        'java.lang.NullPointerException: Cannot invoke "String.length()" because "name" is null',
        {
            "en": "The variable name is null when .length() is called. Check where it's assigned — probably a missing "
            "field in the request. Validate the input early (Objects.requireNonNull or an @NotNull annotation) or "
            'default it with Optional.ofNullable(name).orElse("").',
            "es": "La variable name es null cuando se llama a .length(). Revisa dónde se asigna; probablemente "
            "falta un "
            "campo en la petición. Valida la entrada al principio (Objects.requireNonNull o una anotación "
            '@NotNull) o dale un valor por defecto con Optional.ofNullable(name).orElse("").',
            "pt": "A variável name está null quando .length() é chamado. Veja onde ela é atribuída; "
            "provavelmente falta "
            "um campo na requisição. Valide a entrada logo no início (Objects.requireNonNull ou uma anotação "
            '@NotNull) ou use um valor padrão com Optional.ofNullable(name).orElse("").',
            "fr": "La variable name vaut null au moment de l'appel à .length(). Regarde où elle est affectée ; "
            "il manque "
            "probablement un champ dans la requête. Valide l'entrée dès le début (Objects.requireNonNull ou une "
            'annotation @NotNull) ou mets une valeur par défaut avec Optional.ofNullable(name).orElse("").',
            "de": "Die Variable name ist null, wenn .length() aufgerufen wird. Prüf, wo sie gesetzt wird – vermutlich "
            "fehlt ein Feld im Request. Validiere die Eingabe früh (Objects.requireNonNull oder eine "
            '@NotNull-Annotation) oder setz einen Standardwert mit Optional.ofNullable(name).orElse("").',
        },
    ),
    (
        "Access to fetch at 'https://api.velora.com/v2/orders' from origin 'http://localhost:3000' has been blocked "
        "by CORS policy",
        {
            "en": "The browser blocked the request because the API doesn't return an "
            "Access-Control-Allow-Origin header "
            "for http://localhost:3000. Add localhost:3000 to the API's allowed origins in the dev config, or "
            "proxy the call through the dev server so it's same-origin.",
            "es": "El navegador ha bloqueado la petición porque la API no devuelve la cabecera "
            "Access-Control-Allow-Origin para http://localhost:3000. Añade localhost:3000 a los orígenes "
            "permitidos de la API en la configuración de desarrollo, o pasa la llamada por el proxy del servidor "
            "de desarrollo para que sea del mismo origen.",
            "pt": "O navegador bloqueou a requisição porque a API não devolve o cabeçalho Access-Control-Allow-Origin "
            "para http://localhost:3000. Adicione localhost:3000 às origens permitidas da API na configuração de "
            "desenvolvimento, ou faça a chamada via proxy do servidor de desenvolvimento para ficar na mesma "
            "origem.",
            "fr": "Le navigateur a bloqué la requête car l'API ne renvoie pas d'en-tête "
            "Access-Control-Allow-Origin pour "
            "http://localhost:3000. Ajoute localhost:3000 aux origines autorisées de l'API dans la config de dev, "
            "ou fais passer l'appel par le proxy du serveur de dev pour rester sur la même origine.",
            "de": "Der Browser hat die Anfrage blockiert, weil die API keinen Access-Control-Allow-Origin-Header für "
            "http://localhost:3000 zurückgibt. Trag localhost:3000 in der Dev-Konfiguration als erlaubten Origin "
            "ein oder leite den Aufruf über den Proxy des Dev-Servers, damit er same-origin ist.",
        },
    ),
)

# (question per language, PostgreSQL answer)
SQL_TASKS = (
    (
        {
            "en": "the top 10 customers by revenue in 2025",
            "es": "los 10 clientes con más facturación en 2025",
            "pt": "os 10 clientes com maior faturamento em 2025",
            "fr": "les 10 meilleurs clients par chiffre d'affaires en 2025",
            "de": "die zehn umsatzstärksten Kunden im Jahr 2025",
        },
        "SELECT c.customer_id, c.name, SUM(o.total_amount) AS revenue\nFROM orders o\n"
        "JOIN customers c ON c.customer_id = o.customer_id\n"
        "WHERE o.order_date >= DATE '2025-01-01' AND o.order_date < DATE '2026-01-01'\n"
        "GROUP BY c.customer_id, c.name\nORDER BY revenue DESC\nLIMIT 10;",
    ),
    (
        {
            "en": "monthly order counts for the last 12 months",
            "es": "el número de pedidos por mes de los últimos 12 meses",
            "pt": "a quantidade de pedidos por mês nos últimos 12 meses",
            "fr": "le nombre de commandes par mois sur les 12 derniers mois",
            "de": "die Anzahl der Bestellungen pro Monat in den letzten 12 Monaten",
        },
        "SELECT date_trunc('month', order_date) AS month, COUNT(*) AS orders\nFROM orders\n"
        "WHERE order_date >= date_trunc('month', now()) - INTERVAL '12 months'\nGROUP BY 1\nORDER BY 1;",
    ),
    (
        {
            "en": "customers who haven't ordered in the last 90 days",
            "es": "los clientes que no han hecho ningún pedido en los últimos 90 días",
            "pt": "os clientes que não fizeram pedidos nos últimos 90 dias",
            "fr": "les clients qui n'ont rien commandé depuis 90 jours",
            "de": "die Kunden, die in den letzten 90 Tagen nichts bestellt haben",
        },
        "SELECT c.customer_id, c.name, MAX(o.order_date) AS last_order\nFROM customers c\n"
        "LEFT JOIN orders o ON o.customer_id = c.customer_id\nGROUP BY c.customer_id, c.name\n"
        "HAVING MAX(o.order_date) < now() - INTERVAL '90 days' OR MAX(o.order_date) IS NULL;",
    ),
    (
        {
            "en": "the average order value per country",
            "es": "el importe medio de pedido por país",
            "pt": "o valor médio do pedido por país",
            "fr": "le panier moyen par pays",
            "de": "den durchschnittlichen Bestellwert pro Land",
        },
        "SELECT c.country, ROUND(AVG(o.total_amount), 2) AS avg_order_value\nFROM orders o\n"
        "JOIN customers c ON c.customer_id = o.customer_id\nGROUP BY c.country\nORDER BY avg_order_value DESC;",
    ),
    (
        {
            "en": "duplicate customers with the same email",
            "es": "los clientes duplicados con el mismo email",
            "pt": "os clientes duplicados com o mesmo e-mail",
            "fr": "les clients en double avec le même e-mail",
            "de": "doppelte Kunden mit derselben E-Mail-Adresse",
        },
        "SELECT lower(email) AS email, COUNT(*) AS n, array_agg(customer_id) AS ids\nFROM customers\n"
        "GROUP BY lower(email)\nHAVING COUNT(*) > 1;",
    ),
)

# (function, module path as written in the question, test module)
TEST_TASKS = (
    (
        "calculate_shipping_cost",
        "shipping/pricing.py",
        "import pytest\n\nfrom shipping.pricing import calculate_shipping_cost\n\n\n"
        '@pytest.mark.parametrize("weight_kg, country, expected", [(0.5, "ES", 4.95), (25, "DE", 49.0)])\n'
        "def test_calculate_shipping_cost(weight_kg, country, expected):\n"
        "    assert calculate_shipping_cost(weight_kg, country) == pytest.approx(expected)\n\n\n"
        "def test_calculate_shipping_cost_rejects_negative_weight():\n"
        '    with pytest.raises(ValueError):\n        calculate_shipping_cost(-1, "ES")\n',
    ),
    (
        "parse_order_csv",
        "imports/orders.py",
        "from imports.orders import parse_order_csv\n\n\n"
        "def test_parse_order_csv_empty_file_returns_no_orders(tmp_path):\n"
        '    path = tmp_path / "orders.csv"\n    path.write_text("order_id,customer_id,total\\n")\n'
        "    assert parse_order_csv(path) == []\n\n\n"
        "def test_parse_order_csv_reads_amounts_as_decimals(tmp_path):\n"
        '    path = tmp_path / "orders.csv"\n    path.write_text("order_id,customer_id,total\\nVL-1,C-9,19.90\\n")\n'
        '    assert str(parse_order_csv(path)[0].total) == "19.90"\n',
    ),
    (
        "battery_health_score",
        "telemetry/battery.py",
        "import pytest\n\nfrom telemetry.battery import battery_health_score\n\n\n"
        "def test_new_battery_scores_100():\n"
        "    assert battery_health_score(cycles=0, capacity_wh=500, design_capacity_wh=500) == 100\n\n\n"
        "def test_score_never_goes_below_zero():\n"
        "    assert battery_health_score(cycles=5000, capacity_wh=10, design_capacity_wh=500) >= 0\n\n\n"
        "def test_zero_design_capacity_is_rejected():\n    with pytest.raises(ValueError):\n"
        "        battery_health_score(cycles=10, capacity_wh=400, design_capacity_wh=0)\n",
    ),
    (
        "normalize_postcode",
        "customers/address.py",
        "import pytest\n\nfrom customers.address import normalize_postcode\n\n\n"
        '@pytest.mark.parametrize("raw, country, expected", [\n    ("sw1a 1aa", "GB", "SW1A 1AA"),\n'
        '    ("28013", "ES", "28013"),\n    (" 10115 ", "DE", "10115"),\n])\n'
        "def test_normalize_postcode(raw, country, expected):\n"
        "    assert normalize_postcode(raw, country) == expected\n\n\n"
        "def test_empty_postcode_is_rejected():\n    with pytest.raises(ValueError):\n"
        '        normalize_postcode("", "FR")\n',
    ),
)

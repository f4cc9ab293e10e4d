"""Other tools' formats: recognising them, and brat, Label Studio and UIMA CAS XMI in and out."""

namespace ClaudeMem.Http.Configuration;

public enum ProcessRole { Server, Worker }
